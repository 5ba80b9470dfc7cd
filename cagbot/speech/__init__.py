"""Voice notes understood: an OpenAI-compatible speech-to-text client, the rules around it
(length, rate limits, a deadline) and a loopback fake of the service for tests and demos.

Audio lives only in memory, for the time of one request; neither it nor the transcript is
written anywhere by this package.
"""

from cagbot.speech.client import SpeechError, Transcriber
from cagbot.speech.listener import Heard, Listener, Outcome

__all__ = ["Heard", "Listener", "Outcome", "SpeechError", "Transcriber"]
