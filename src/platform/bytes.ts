/**
 * Bytes ↔ text for the line protocol and the files it reads, without Node's Buffer. The protocol is
 * 7-bit ASCII, but noise on a wire is any byte: each byte is one character (0–255) and back, so a
 * garbage byte is counted and shown the same way on every host. (`new TextDecoder('latin1')` would
 * not do: browsers take it as windows-1252, which maps 0x80–0x9F elsewhere.)
 */

/** One character per byte. */
export function bytesToText(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/** One byte per character (its low 8 bits). */
export function textToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** Hex digit pairs ("1e950f") to bytes; null when `hex` is not an even number of hex digits. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
