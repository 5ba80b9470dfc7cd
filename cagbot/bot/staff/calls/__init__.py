"""/newcall and /calls: staff and partner editors publish and manage calls (opportunities).

- :mod:`.form`: the /newcall form, step by step, to a preview and publishing;
- :mod:`.actions`: /calls and a call's staff view: edit a text, close, move the deadline;
- :mod:`.approval`: calls drafted by editors, approved or rejected by staff;
- :mod:`.common`: what these share (the service, language versions, the refusal).
"""
