/**
 * Which uploads count as recordings: the containers Jibri's ffmpeg can write. The declared type
 * must match both the file name's extension and the file's first bytes, so a mislabelled file is
 * refused instead of being posted as a video.
 */
const TYPES: Readonly<Record<string, { extensions: string[]; magic: (head: Buffer) => boolean }>> = {
  "video/mp4": {
    extensions: ["mp4", "m4v"],
    magic: (head) => head.subarray(4, 8).toString("latin1") === "ftyp",
  },
  "video/webm": { extensions: ["webm"], magic: isEbml },
  "video/x-matroska": { extensions: ["mkv"], magic: isEbml },
};

function isEbml(head: Buffer): boolean {
  return head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
}

export const RECORDING_TYPES = Object.keys(TYPES);

/** Bytes of the file's start that `recordingMediaType` looks at. */
export const HEAD_BYTES = 16;

/**
 * The recording's media type, or undefined if it is not one Plenum accepts. A generic declared
 * type (`application/octet-stream`, as curl sends without `type=`) is read from the extension.
 */
export function recordingMediaType(declared: string, fileName: string, head: Buffer): string | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const mime = declared.split(";")[0]!.trim().toLowerCase();
  const candidates =
    mime === "application/octet-stream"
      ? Object.keys(TYPES).filter((type) => TYPES[type]!.extensions.includes(extension))
      : [mime];
  return candidates.find(
    (type) =>
      TYPES[type] !== undefined && TYPES[type].extensions.includes(extension) && TYPES[type].magic(head),
  );
}
