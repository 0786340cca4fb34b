/**
 * How big a feed's CSV row may be. No feed row comes near these (a TAC row with a 200-character
 * brand and model is under 1 KiB); they exist so a hostile or broken file cannot make the importer
 * buffer a huge value: a longer field or row is skipped byte by byte as it is read (never held in
 * memory), reported as a row error on the line it starts, and the file is refused, all or nothing.
 *
 * Both count bytes as written in the file (UTF-8), quotes included: a field from its first byte to
 * the comma or line end after it, a row (record) from its first byte to its line end, commas and
 * line breaks inside quoted values included, so a row of a million empty fields counts too.
 * Pure constants: the staff feed page shows them in its messages.
 */

/** The longest field (one value), in bytes as written in the file. */
export const MAX_FIELD_BYTES = 8 * 1024;

/** The longest row (record), in bytes as written in the file. */
export const MAX_RECORD_BYTES = 64 * 1024;

/** The longest text value (a brand, a model, an organisation), in characters (feedErrors.VALUE_TOO_LONG). */
export const MAX_TEXT_LENGTH = 200;

/** The largest feed uploaded on the staff page (under the 52 MB request limit); larger ones go through the CLI. */
export const FEED_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
