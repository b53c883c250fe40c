import { request } from 'node:http';
import { runCommand, tryCommand } from '../exec/index.js';
import { registryAddress } from './network.js';
import type { Toolchain } from './toolchain.js';

export type BaseImage = {
  /** Repository and tag in the local registry, e.g. `base/python:3.11`. */
  readonly reference: string;
  /** Name in buildah's local storage, where it is built once and kept. */
  readonly localName: string;
};

export function pauseImage(tools: Toolchain): BaseImage {
  return {
    reference: `pause:${tools.versions.pause}`,
    localName: `localhost/slipway/pause:${tools.versions.pause}`,
  };
}

export function pythonBaseImage(tools: Toolchain): BaseImage {
  return {
    reference: `base/python:${tools.versions.pythonBaseTag}`,
    localName: `localhost/slipway/base-python:${tools.versions.pythonBaseTag}`,
  };
}

export const inRegistry = (image: BaseImage): string => `${registryAddress}/${image.reference}`;

async function existsLocally(tools: Toolchain, image: BaseImage): Promise<boolean> {
  const result = await tryCommand(tools.bin.buildah, [
    'inspect',
    '--type',
    'image',
    image.localName,
  ]);
  return result.code === 0;
}

/** Builds `image` from scratch with buildah: `fill` adds the files and config to a working container. */
async function buildFromScratch(
  tools: Toolchain,
  image: BaseImage,
  fill: (container: string) => Promise<void>,
): Promise<void> {
  const container = (await runCommand(tools.bin.buildah, ['from', 'scratch'])).trim();
  try {
    await fill(container);
    await runCommand(tools.bin.buildah, ['commit', '--rm', container, image.localName]);
  } catch (error) {
    await tryCommand(tools.bin.buildah, ['rm', container]);
    throw error;
  }
}

export async function ensurePauseImageBuilt(tools: Toolchain): Promise<BaseImage> {
  const image = pauseImage(tools);
  if (await existsLocally(tools, image)) return image;
  await buildFromScratch(tools, image, async (c) => {
    await runCommand(tools.bin.buildah, ['copy', '--chmod', '0755', c, tools.bin.pause, '/pause']);
    await runCommand(tools.bin.buildah, [
      'config',
      '--entrypoint',
      '["/pause"]',
      '--user',
      '65535:65535',
      c,
    ]);
  });
  return image;
}

export async function ensurePythonBaseBuilt(tools: Toolchain): Promise<BaseImage> {
  const image = pythonBaseImage(tools);
  if (await existsLocally(tools, image)) return image;
  await buildFromScratch(tools, image, async (c) => {
    // `add` unpacks the Debian minbase rootfs that scripts/setup made with debootstrap.
    await runCommand(tools.bin.buildah, ['add', c, tools.pythonRootfs, '/']);
    await runCommand(tools.bin.buildah, [
      'config',
      '--env',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--env',
      'LANG=C.UTF-8',
      '--env',
      'PYTHONUNBUFFERED=1',
      '--cmd',
      '["python3"]',
      '--label',
      `org.opencontainers.image.description=Debian ${tools.versions.pythonBaseSuite} minbase with python3 and venv, built by Slipway`,
      c,
    ]);
  });
  return image;
}

/** True when the local registry already serves this tag. */
export function registryHas(image: BaseImage): Promise<boolean> {
  const [repo, tag] = image.reference.split(':');
  return new Promise((resolve) => {
    const req = request(
      `http://${registryAddress}/v2/${repo}/manifests/${tag}`,
      {
        method: 'HEAD',
        headers: {
          accept:
            'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function pushToRegistry(tools: Toolchain, image: BaseImage): Promise<void> {
  if (await registryHas(image)) return;
  await runCommand(tools.bin.buildah, [
    'push',
    '--tls-verify=false',
    image.localName,
    `docker://${inRegistry(image)}`,
  ]);
}
