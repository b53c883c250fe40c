// What is installed in an image, read from the package managers' own records: Debian's dpkg
// status database and Python's *.dist-info/METADATA. Pure parsers; image-contents.ts reads files.

export type PackageEcosystem = 'Debian' | 'PyPI';

export type InstalledPackage = {
  readonly ecosystem: PackageEcosystem;
  readonly name: string;
  readonly version: string;
  /** Debian advisories name source packages (`glibc`, not `libc6`); PyPI: the name itself. */
  readonly source: string;
  readonly sourceVersion: string;
  readonly arch?: string;
  readonly license?: string;
  /** The file inside the image this record came from. */
  readonly foundIn: string;
};

export type OsRelease = { readonly id: string; readonly versionId: string; readonly name: string };

/** RFC 822-style fields (`Key: value` with indented continuation lines) of one paragraph. */
function headerFields(paragraph: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const line of paragraph.split('\n')) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      fields.set(last, `${fields.get(last) ?? ''}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    // The first occurrence wins: METADATA repeats keys like Classifier, never Name or Version.
    if (!fields.has(last)) fields.set(last, line.slice(colon + 1).trim());
  }
  return fields;
}

/** Installed packages of a dpkg status file (`Status: install ok installed` only). */
export function parseDpkgStatus(text: string, foundIn: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const paragraph of text.replace(/\r/g, '').split(/\n\s*\n/)) {
    const fields = headerFields(paragraph);
    const name = fields.get('package');
    const version = fields.get('version');
    const status = fields.get('status') ?? 'install ok installed';
    if (name === undefined || version === undefined || !status.endsWith(' installed')) continue;
    // `Source: glibc (2.36-9+deb12u4)`: the source version differs only for binNMUs.
    const source = /^(\S+)(?:\s+\(([^)]+)\))?/.exec(fields.get('source') ?? '');
    const arch = fields.get('architecture');
    packages.push({
      ecosystem: 'Debian',
      name,
      version,
      source: source?.[1] ?? name,
      sourceVersion: source?.[2] ?? version,
      ...(arch === undefined ? {} : { arch }),
      foundIn,
    });
  }
  return packages;
}

/** PEP 503 normalisation: `Foo_Bar.baz` and `foo-bar-baz` are the same project. */
export const normalizePyPIName = (name: string): string =>
  name.toLowerCase().replace(/[-_.]+/g, '-');

/** One Python distribution from its METADATA (or PKG-INFO) file; undefined when unreadable. */
export function parsePythonMetadata(text: string, foundIn: string): InstalledPackage | undefined {
  const header = text.replace(/\r/g, '').split(/\n\s*\n/)[0] ?? '';
  const fields = headerFields(header);
  const name = fields.get('name');
  const version = fields.get('version');
  if (name === undefined || version === undefined) return undefined;
  const license = fields.get('license-expression') ?? fields.get('license');
  const oneLine = license?.split('\n')[0]?.trim();
  return {
    ecosystem: 'PyPI',
    name,
    version,
    source: normalizePyPIName(name),
    sourceVersion: version,
    ...(oneLine === undefined || oneLine === '' || oneLine === 'UNKNOWN'
      ? {}
      : { license: oneLine }),
    foundIn,
  };
}

/** /etc/os-release: `ID=debian`, `VERSION_ID="12"`. */
export function parseOsRelease(text: string): OsRelease | undefined {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined)
      values.set(match[1], (match[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  const id = values.get('ID');
  if (id === undefined) return undefined;
  return {
    id,
    versionId: values.get('VERSION_ID') ?? '',
    name: values.get('PRETTY_NAME') ?? id,
  };
}

/** The package URL (purl spec) of a package, as SBOMs and scanners name it. */
export function packageURL(pkg: InstalledPackage, os: OsRelease | undefined): string {
  const version = encodeURIComponent(pkg.version);
  if (pkg.ecosystem === 'PyPI') return `pkg:pypi/${pkg.source}@${version}`;
  const namespace = os?.id ?? 'debian';
  const qualifiers = [
    ...(pkg.arch === undefined ? [] : [`arch=${encodeURIComponent(pkg.arch)}`]),
    ...(os?.versionId ? [`distro=${encodeURIComponent(`${os.id}-${os.versionId}`)}`] : []),
  ];
  const query = qualifiers.length === 0 ? '' : `?${qualifiers.join('&')}`;
  return `pkg:deb/${namespace}/${encodeURIComponent(pkg.name)}@${version}${query}`;
}
