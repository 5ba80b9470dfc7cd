"""What CAG's own people do in Telegram, one package per feature.

- :mod:`.access`: who is staff or a partner editor, checked at every step;
- :mod:`.broadcast`: /broadcast and /broadcasts, from a draft to the final report;
- :mod:`.calls`: /newcall and /calls, publishing and editing opportunities;
- :mod:`.stats`: /stats;
- :mod:`.error_reports`: summaries of unexpected errors sent to the staff chat.
"""
