// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { ChannelDemux } from './port-forward-frames';

const port9090 = [0x82, 0x23];

describe('ChannelDemux (v4.channel.k8s.io port-forward framing)', () => {
  it('frames outgoing data on channel 0 without a port prefix', () => {
    expect([...ChannelDemux.frame(Buffer.from('GET'))]).toEqual([0, 0x47, 0x45, 0x54]);
  });

  it('drops the port the server sends first on each channel, and passes data on', () => {
    const d = new ChannelDemux();
    expect(d.accept(Buffer.from([0, ...port9090])).length).toBe(0);
    expect(d.accept(Buffer.from([1, ...port9090])).length).toBe(0);
    expect(d.accept(Buffer.from([0, 0x48, 0x49])).toString()).toBe('HI');
    // a later message starting with what looks like a port is data
    expect([...d.accept(Buffer.from([0, ...port9090]))]).toEqual(port9090);
    expect(d.error()).toBeUndefined();
  });

  it('handles a port split over messages or joined with data', () => {
    const d = new ChannelDemux();
    expect(d.accept(Buffer.from([0, 0x82])).length).toBe(0);
    expect(d.accept(Buffer.from([0, 0x23, 0x4f, 0x4b])).toString()).toBe('OK');
  });

  it('collects the error channel as text', () => {
    const d = new ChannelDemux();
    d.accept(Buffer.from([1, ...port9090]));
    d.accept(Buffer.concat([Buffer.from([1]), Buffer.from('error forwarding port 9090: connection refused')]));
    expect(d.error()).toBe('error forwarding port 9090: connection refused');
  });
});
