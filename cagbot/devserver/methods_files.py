"""Bot API methods on files: getFile (the bytes are served by the server's download route)."""

from __future__ import annotations

from cagbot.devserver.model import JsonDict
from cagbot.devserver.state import EmulatorState


class FileMethods(EmulatorState):
    """Files users sent (voice notes), as getFile describes them."""

    async def _m_getFile(self, params: JsonDict) -> JsonDict:
        return self.files.get_file(str(params["file_id"]))
