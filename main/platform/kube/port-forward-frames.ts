// SPDX-License-Identifier: Apache-2.0
/**
 * The framing of the kubelet's WebSocket port-forward (`v4.channel.k8s.io`): binary messages
 * start with a channel byte; per forwarded port, channel 0 carries data and channel 1 errors. The
 * server's first message on each channel is the port as 2 bytes little-endian; the client sends
 * `0x00` + data, without a port prefix. Pure, for tests.
 */

const dataChannel = 0;
const errorChannel = 1;

/** Frames and unframes one forwarded connection's messages (pure, for tests). */
export class ChannelDemux {
  private readonly portBytesLeft = new Map<number, number>([
    [dataChannel, 2],
    [errorChannel, 2],
  ]);
  private errorText = '';

  /** Frames data for the pod. */
  static frame(data: Buffer): Buffer {
    return Buffer.concat([Buffer.from([dataChannel]), data]);
  }

  /**
   * Takes one message from the server.
   * @returns the data bytes for the local socket (may be empty)
   */
  accept(message: Buffer): Buffer {
    if (message.length === 0) return Buffer.alloc(0);
    const channel = message[0] as number;
    let payload = message.subarray(1);
    const left = this.portBytesLeft.get(channel) ?? 0;
    if (left > 0) {
      const skip = Math.min(left, payload.length);
      this.portBytesLeft.set(channel, left - skip);
      payload = payload.subarray(skip);
    }
    if (channel === errorChannel) {
      this.errorText += payload.toString('utf8');
      return Buffer.alloc(0);
    }
    return channel === dataChannel ? payload : Buffer.alloc(0);
  }

  /** What the server reported on the error channel, if anything. */
  error(): string | undefined {
    const t = this.errorText.trim();
    return t === '' ? undefined : t;
  }
}
