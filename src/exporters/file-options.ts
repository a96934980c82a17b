/** The file exporter's defaults: read by the exporter and by the config (`fileMaxBytes`, `fileMaxFiles`). */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 3;
