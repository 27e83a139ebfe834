import { strict as assert } from "node:assert";
import { fileUriToPath, normalizeUri, pathToFileUri } from "../../src/uri";

describe("uri: path -> file URI", () => {
  it("leaves plain POSIX paths readable", () => {
    assert.equal(pathToFileUri("/home/me/game/bus.lua", "posix"), "file:///home/me/game/bus.lua");
  });

  it("encodes spaces, #, % and ?", () => {
    assert.equal(pathToFileUri("/a b/c#1/50%/q?.lua", "posix"), "file:///a%20b/c%231/50%25/q%3F.lua");
  });

  it("encodes non-ASCII as UTF-8 bytes", () => {
    assert.equal(pathToFileUri("/home/zoë/日本.lua", "posix"), "file:///home/zo%C3%AB/%E6%97%A5%E6%9C%AC.lua");
    // A character outside the BMP (a surrogate pair in UTF-16) is 4 bytes.
    assert.equal(pathToFileUri("/😀.lua", "posix"), "file:///%F0%9F%98%80.lua");
  });

  it("writes Windows drives as VS Code and the adapter do: lower case, encoded colon", () => {
    assert.equal(pathToFileUri("C:\\Users\\Me\\my game\\main.lua", "win32"), "file:///c%3A/Users/Me/my%20game/main.lua");
    assert.equal(pathToFileUri("d:/x.lua", "win32"), "file:///d%3A/x.lua");
    assert.equal(pathToFileUri("C:", "win32"), "file:///c%3A/");
  });

  it("encodes what VS Code's Uri.file encodes (only unreserved characters and / stay)", () => {
    assert.equal(pathToFileUri("/a/!$&'()*+,;=@:~.lua", "posix"), "file:///a/%21%24%26%27%28%29%2A%2B%2C%3B%3D%40%3A~.lua");
  });

  it("turns a UNC path into an authority", () => {
    assert.equal(pathToFileUri("\\\\server\\share\\a b.lua", "win32"), "file://server/share/a%20b.lua");
  });
});

describe("uri: same spelling as the adapter (snapshot/src/uri.rs test vectors)", () => {
  it("encodes a path like file_uri", () => {
    assert.equal(pathToFileUri("/home/me/my game/#1/café.lua", "posix"), "file:///home/me/my%20game/%231/caf%C3%A9.lua");
    assert.equal(pathToFileUri("C:\\src\\a b.lua", "win32"), "file:///c%3A/src/a%20b.lua");
  });

  it("leaves the adapter's URIs unchanged when normalizing", () => {
    const uri = "file:///home/me/my%20game/%231/caf%C3%A9.lua";
    assert.equal(normalizeUri(uri, "posix"), uri);
    assert.equal(normalizeUri("file:///c%3A/src/a%20b.lua", "win32"), "file:///c%3A/src/a%20b.lua");
  });
});

describe("uri: file URI -> path", () => {
  it("decodes percent-encoded POSIX paths", () => {
    assert.equal(fileUriToPath("file:///a%20b/c%231/50%25/q%3F.lua", "posix"), "/a b/c#1/50%/q?.lua");
    assert.equal(fileUriToPath("file:///home/zo%C3%AB/%E6%97%A5.lua", "posix"), "/home/zoë/日.lua");
  });

  it("accepts the encoded drive colon VS Code writes", () => {
    assert.equal(fileUriToPath("file:///c%3A/Users/a%20b.lua", "win32"), "c:\\Users\\a b.lua");
    assert.equal(fileUriToPath("file:///C:/x/y.lua", "win32"), "C:\\x\\y.lua");
    // On Linux the same URI is just an odd directory name.
    assert.equal(fileUriToPath("file:///c%3A/x.lua", "posix"), "/c:/x.lua");
  });

  it("treats localhost as no authority, and other hosts as UNC on Windows only", () => {
    assert.equal(fileUriToPath("file://localhost/etc/x.lua", "posix"), "/etc/x.lua");
    assert.equal(fileUriToPath("file://server/share/x.lua", "win32"), "\\\\server\\share\\x.lua");
    assert.equal(fileUriToPath("file://server/share/x.lua", "posix"), undefined);
  });

  it("ignores a query or fragment, and refuses other schemes and bad escapes", () => {
    assert.equal(fileUriToPath("file:///a.lua#L3", "posix"), "/a.lua");
    assert.equal(fileUriToPath("untitled:Untitled-1", "posix"), undefined);
    assert.equal(fileUriToPath("file:///bad%E6.lua", "posix"), undefined);
    assert.equal(fileUriToPath("file:///bad%zz.lua", "posix"), undefined);
  });
});

describe("uri: round trips", () => {
  const posix = ["/", "/a b/c.lua", "/x/#hash/%25/?q", "/home/zoë/日本/😀 file.lua", "/a/!$&'()*+,;=@~.lua"];
  for (const p of posix) {
    it(`posix ${JSON.stringify(p)}`, () => {
      assert.equal(fileUriToPath(pathToFileUri(p, "posix"), "posix"), p);
    });
  }
  // Drive letters come back lower-case, as from VS Code's `fsPath`.
  const win = ["c:\\Users\\Me\\my game\\main.lua", "d:\\#tmp\\50%\\ö.lua", "\\\\srv\\share\\a b.lua"];
  for (const p of win) {
    it(`win32 ${JSON.stringify(p)}`, () => {
      assert.equal(fileUriToPath(pathToFileUri(p, "win32"), "win32"), p);
    });
  }

  it("normalizes different spellings of one file to one URI", () => {
    const a = normalizeUri("file:///home/me/a%20b.lua", "posix");
    const b = normalizeUri("file:///home/%6De/a%20b.lua", "posix");
    assert.equal(a, b);
    assert.equal(normalizeUri("file:///C:/x.lua", "win32"), "file:///c%3A/x.lua");
    assert.equal(normalizeUri("file:///home/a%2Db", "posix"), "file:///home/a-b");
    assert.equal(normalizeUri("untitled:Untitled-1", "posix"), "untitled:Untitled-1");
  });
});
