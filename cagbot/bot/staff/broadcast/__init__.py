"""/broadcast and /broadcasts: staff and partner editors send an announcement. The modules
follow a broadcast's life:

- :mod:`.compose`: the /broadcast conversation (its table of states and actions), from the
  first text to the preview and the confirmation;
- :mod:`.drafts`: a draft in memory, its buttons, and how it ends (/cancel, another
  command, silence);
- :mod:`.sending`: a broadcast going out: started, followed on its progress messages down
  to the final report, paused, resumed or cancelled;
- :mod:`.planned`: one that waits: a local time, an editor's submission and staff's
  approval, the job that fires scheduled sends, /broadcasts;
- :mod:`.poll_updates`: a sent poll's totals as Telegram reports them.
"""
