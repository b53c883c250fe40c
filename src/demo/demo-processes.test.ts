import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { demoPorts } from './demo-layout.js';
import { checkDemoPorts } from './demo-processes.js';

describe('checkDemoPorts', () => {
  it('names a taken port, what the demo wanted it for and how to free it', async () => {
    const squatter = createServer();
    const taken = await new Promise<boolean>((resolve) => {
      squatter.once('error', () => resolve(false));
      squatter.listen(demoPorts.git, '127.0.0.1', () => resolve(true));
    });
    try {
      // A demo running on this machine holds its ports too: then its port is the one named.
      await expect(checkDemoPorts()).rejects.toThrow(
        /^port (7480|7481) \(the demo's (slipway|git)\) is already in use on 127\.0\.0\.1$/,
      );
    } finally {
      if (taken) await new Promise((r) => squatter.close(r));
    }
  });
});
