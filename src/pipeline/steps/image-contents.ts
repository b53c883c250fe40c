import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ExternalCommandError } from '../../errors/index.js';
import { runCommand, tryCommand } from '../../exec/index.js';
import {
  parseDpkgStatus,
  parseOsRelease,
  parsePythonMetadata,
  type InstalledPackage,
  type OsRelease,
} from './package-inventory.js';

export type ImageConfig = {
  /** `config.User`; empty means root. */
  readonly user: string;
  /** `config.Env` as `NAME=value`. */
  readonly env: readonly string[];
};

export type ImageInventory = {
  readonly reference: string;
  readonly imageId: string;
  /** The manifest digest the image was pulled by or pushed as, when buildah knows it. */
  readonly digest: string | undefined;
  readonly os: OsRelease | undefined;
  readonly config: ImageConfig;
  readonly packages: readonly InstalledPackage[];
};

type ContainerInspect = {
  readonly FromImageID?: string;
  readonly FromImageDigest?: string;
  readonly OCIv1?: { readonly config?: { readonly User?: string; readonly Env?: string[] } };
};

const readText = (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').then(
    (text) => text,
    () => undefined,
  );

const listDir = (path: string): Promise<Dirent[]> =>
  readdir(path, { withFileTypes: true }).catch(() => []);

/** Kernel file systems are empty in an image, and never hold packages. */
const skippedTopDirs = new Set(['proc', 'sys', 'dev', 'run', 'tmp']);

/** Every `site-packages`/`dist-packages` folder, however deep (system, /usr/local, venvs). */
async function pythonPackageDirs(root: string, dir: string, depth: number): Promise<string[]> {
  if (depth > 8) return [];
  const found: string[] = [];
  for (const entry of await listDir(dir)) {
    if (!entry.isDirectory()) continue;
    if (dir === root && skippedTopDirs.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'site-packages' || entry.name === 'dist-packages') found.push(path);
    else found.push(...(await pythonPackageDirs(root, path, depth + 1)));
  }
  return found;
}

async function pythonPackages(root: string): Promise<InstalledPackage[]> {
  const packages: InstalledPackage[] = [];
  for (const dir of await pythonPackageDirs(root, root, 0)) {
    for (const entry of await listDir(dir)) {
      const file = entry.name.endsWith('.dist-info')
        ? 'METADATA'
        : entry.name.endsWith('.egg-info')
          ? 'PKG-INFO'
          : undefined;
      if (file === undefined) continue;
      const path = entry.isDirectory() ? join(dir, entry.name, file) : join(dir, entry.name);
      const text = await readText(path);
      const pkg =
        text === undefined ? undefined : parsePythonMetadata(text, `/${relative(root, path)}`);
      if (pkg !== undefined) packages.push(pkg);
    }
  }
  return packages;
}

async function debianPackages(root: string): Promise<InstalledPackage[]> {
  const status = await readText(join(root, 'var/lib/dpkg/status'));
  const packages = status === undefined ? [] : parseDpkgStatus(status, '/var/lib/dpkg/status');
  // Distroless images keep one status file per package here instead.
  const extra = join(root, 'var/lib/dpkg/status.d');
  for (const entry of await listDir(extra)) {
    const text = entry.isFile() ? await readText(join(extra, entry.name)) : undefined;
    if (text !== undefined) {
      packages.push(...parseDpkgStatus(text, `/var/lib/dpkg/status.d/${entry.name}`));
    }
  }
  return packages;
}

/** Reads what is installed in a mounted image root. */
export async function inventoryOfRoot(root: string): Promise<{
  os: OsRelease | undefined;
  packages: InstalledPackage[];
}> {
  const osText =
    (await readText(join(root, 'etc/os-release'))) ??
    (await readText(join(root, 'usr/lib/os-release')));
  const packages = [...(await debianPackages(root)), ...(await pythonPackages(root))];
  return { os: osText === undefined ? undefined : parseOsRelease(osText), packages };
}

/**
 * Pulls the image when it is not local, mounts a throwaway working container of it (rootful
 * buildah) and reads its packages and config. The container is removed whatever happens.
 */
export async function inspectImage(reference: string): Promise<ImageInventory> {
  const name = `slipway-scan-${randomBytes(4).toString('hex')}`;
  const from = await tryCommand('buildah', [
    'from',
    '--pull=missing',
    '--tls-verify=false',
    '--name',
    name,
    reference,
  ]);
  if (from.code !== 0) {
    throw new ExternalCommandError(`buildah from ${reference}`, from.code, from.stderr, {
      hint: 'check the image reference, and that the registry is up (`slipway cluster status`)',
    });
  }
  try {
    const inspect = JSON.parse(
      await runCommand('buildah', ['inspect', '--type', 'container', name]),
    ) as ContainerInspect;
    const root = (await runCommand('buildah', ['mount', name])).trim();
    const { os, packages } = await inventoryOfRoot(root);
    const config = inspect.OCIv1?.config;
    return {
      reference,
      imageId: inspect.FromImageID ?? '',
      digest: inspect.FromImageDigest || undefined,
      os,
      config: { user: config?.User ?? '', env: config?.Env ?? [] },
      packages,
    };
  } finally {
    await tryCommand('buildah', ['rm', name]);
  }
}
