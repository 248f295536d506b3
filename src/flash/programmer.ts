/** What flashBoard needs from a bootloader protocol (STK500v1 or STK500v2). */
export interface Programmer {
  /** Resets the board and gets the bootloader's attention; false when nothing answered. */
  sync(): Promise<boolean>;
  signature(): Promise<Uint8Array>;
  enterProgMode(): Promise<void>;
  writePage(byteAddress: number, data: Uint8Array): Promise<void>;
  readPage(byteAddress: number, length: number): Promise<Uint8Array>;
  leaveProgMode(): Promise<void>;
}
