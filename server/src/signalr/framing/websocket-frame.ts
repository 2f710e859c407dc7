/**
 * A final, unmasked text frame (RFC 6455 §5.2), as a server sends it. A frame may
 * carry several records back to back (each ends with 0x1E), so every message queued
 * for one connection during a turn of the event loop goes out as a single frame:
 * the parts are copied once, into the frame, with no intermediate concatenation.
 * A lone message's frame is built once and shared, so a group fan-out writes the
 * same bytes to every member whose batch holds only that message.
 */
export function encodeWebSocketTextFrame(payload: Buffer | readonly Buffer[]): Buffer {
  const parts: readonly Buffer[] = Buffer.isBuffer(payload) ? [payload] : payload;
  let length = 0;
  for (const part of parts) length += part.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  let offset = headerLength;
  for (const part of parts) offset += part.copy(frame, offset);
  return frame;
}
