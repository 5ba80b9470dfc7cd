-- Content in several languages, machine translations, time zones (issue 11).

-- A post's texts in languages other than its original (curated or staff-written). The
-- original stays in posts/opportunities; a NULL field is not available in this language.
CREATE TABLE post_versions (
    post_id      INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    language     TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 8),
    title        TEXT,
    summary      TEXT,
    location     TEXT,
    duration     TEXT,
    how_to_apply TEXT,
    apply_label  TEXT,
    PRIMARY KEY (post_id, language)
) WITHOUT ROWID;

-- The label of the apply link, in the original language.
ALTER TABLE opportunities ADD COLUMN apply_label TEXT;

-- Machine translations, cached by the exact source text: an edited original is simply
-- a new source and is translated again; the old row is pruned.
CREATE TABLE translations (
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    source_text     TEXT NOT NULL,
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (source_language, source_text, target_language)
);

-- A chat's IANA time zone; NULL: the default of its language (see cagbot.timezones).
ALTER TABLE subscribers ADD COLUMN time_zone TEXT;

-- CAG publishes mostly in Swedish and English: "only my language" left Russian and
-- Swedish readers with almost nothing and no word why. Everyone hears about everything
-- now, in their language where a version exists, otherwise translated or labelled; the
-- old default was never a deliberate choice, so existing rows move too.
UPDATE subscribers SET content_languages = 'all' WHERE content_languages = 'mine';
