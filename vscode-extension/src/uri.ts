/**
 * File path <-> `file://` URI, by hand.
 *
 * Why not `vscode.Uri`: this module is pure so the diagnostics conversion
 * and its tests run without VS Code, and the adapter (Rust) encodes URIs
 * itself, so we need to read what it writes and compare URIs of the same
 * file whatever their spelling (`%3A` or `:`, `%7e` or `~`).
 * Why not Node's `url.pathToFileURL`: it uses the platform of the process,
 * and we want to convert Windows paths on Linux in tests and the reverse.
 *
 * Encoding: the spelling of VS Code's `Uri.file(p).toString()` and of the
 * adapter (snapshot/src/uri.rs): every byte of the UTF-8 path is
 * percent-encoded except RFC 3986 unreserved characters and `/` — so
 * spaces, `#`, `%`, `?` and non-ASCII characters are always encoded — and
 * a Windows drive is written lower-case with an encoded colon
 * (`file:///c%3A/x`). One spelling everywhere means URIs can be compared
 * as strings.
 */

export type PathFlavor = "posix" | "win32";

const hostFlavor = (): PathFlavor => (process.platform === "win32" ? "win32" : "posix");

/** Bytes left as they are in a URI path. */
const SAFE = /[A-Za-z0-9\-._~/]/;

function encodePathPart(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ch.length === 1 && SAFE.test(ch)) {
      out += ch;
    } else {
      for (const byte of Buffer.from(ch, "utf8")) {
        out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
      }
    }
  }
  return out;
}

const DRIVE = /^([A-Za-z]):(?:[\\/]|$)/;

/**
 * `file://` URI of an absolute path. Windows paths (`flavor` "win32") may
 * use `\` or `/`; `C:\a b` gives `file:///c%3A/a%20b`, `\\server\share\x`
 * gives `file://server/share/x`.
 */
export function pathToFileUri(path: string, flavor: PathFlavor = hostFlavor()): string {
  if (flavor === "win32") {
    const p = path.replace(/\\/g, "/");
    if (p.startsWith("//")) {
      // UNC path: the server becomes the authority.
      const rest = p.slice(2);
      const slash = rest.indexOf("/");
      const host = slash < 0 ? rest : rest.slice(0, slash);
      const tail = slash < 0 ? "/" : rest.slice(slash);
      return `file://${encodePathPart(host)}${encodePathPart(tail)}`;
    }
    const m = DRIVE.exec(p);
    if (m) {
      return `file:///${(m[1] ?? "").toLowerCase()}%3A${encodePathPart(p.slice(2) || "/")}`;
    }
    return `file://${encodePathPart(p.startsWith("/") ? p : "/" + p)}`;
  }
  return `file://${encodePathPart(path.startsWith("/") ? path : "/" + path)}`;
}

/** Percent-decoding of UTF-8 that refuses malformed sequences. */
function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * Path of a `file:` URI, or undefined when `uri` is not a file URI or is
 * malformed. A `localhost` authority is the same as none. On "posix" a URI
 * with another authority has no local path (undefined); on "win32" it is a
 * UNC path.
 */
export function fileUriToPath(uri: string, flavor: PathFlavor = hostFlavor()): string | undefined {
  const m = /^file:\/\/([^/?#]*)([^?#]*)(?:[?#].*)?$/i.exec(uri);
  if (!m) return undefined;
  const authority = decode(m[1] ?? "");
  const path = decode(m[2] ?? "");
  if (authority === undefined || path === undefined) return undefined;
  const host = authority.toLowerCase() === "localhost" ? "" : authority;
  if (flavor === "win32") {
    if (host) return `\\\\${host}${path.replace(/\//g, "\\")}`;
    const drive = /^\/([A-Za-z]):(\/.*)?$/.exec(path);
    if (drive) return `${drive[1] ?? ""}:${(drive[2] ?? "\\").replace(/\//g, "\\")}`;
    return path.replace(/\//g, "\\");
  }
  if (host) return undefined;
  return path || "/";
}

/**
 * One spelling per file URI (decode, then encode as `pathToFileUri` does),
 * so that two URIs of the same file compare equal. Other URIs are returned
 * unchanged. On "win32" drive letters are lower-cased (they are
 * case-insensitive).
 */
export function normalizeUri(uri: string, flavor: PathFlavor = hostFlavor()): string {
  const path = fileUriToPath(uri, flavor);
  return path === undefined ? uri : pathToFileUri(path, flavor);
}
