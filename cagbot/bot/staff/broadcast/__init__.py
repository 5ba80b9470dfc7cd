"""/broadcast and /broadcasts: staff and partner editors send an announcement.

- :mod:`.compose`: the /broadcast conversation, from the first text to the confirmation;
- :mod:`.drafts`: a draft in memory and how it ends (/cancel, another command, silence);
- :mod:`.keyboards`: the inline keyboards of the draft, the progress and /broadcasts;
- :mod:`.control`: after the confirmation: sending, pausing, approval, scheduled sends;
- :mod:`.progress`: the progress messages, edited until they show the final report.
"""
