-- Call alerts by kind, place and language (issue 25). A chat with no rows in a table
-- takes every value (as with subscriber_topics): existing subscribers keep getting every
-- call, and "all" is stored as nothing rather than as a list that a new kind would miss.
CREATE TABLE subscriber_call_kinds (
    chat_id INTEGER NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    kind    TEXT NOT NULL,                 -- an opportunity type (cagbot.models)
    PRIMARY KEY (chat_id, kind)
) WITHOUT ROWID;

CREATE TABLE subscriber_call_places (
    chat_id INTEGER NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    place   TEXT NOT NULL,                 -- a lexicon country slug, or 'online'
    PRIMARY KEY (chat_id, place)
) WITHOUT ROWID;

-- 'all': calls in any language come (marked with their language); 'mine': only calls
-- written in, or translated by a person into, the chat's language.
ALTER TABLE subscribers ADD COLUMN call_languages TEXT NOT NULL DEFAULT 'all'
    CHECK (call_languages IN ('all', 'mine'));
