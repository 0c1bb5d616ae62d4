/**
 * Message digests over binary input (strings are implicitly cast to BINARY, i.e. UTF-8 bytes):
 * `md5`, `sha1`/`sha`, `sha2`, `crc32`. Hex results are lower case, as in Spark.
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { BINARY, INT, LONG, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

function digestHex(algorithm: string, b: Uint8Array): string {
  return createHash(algorithm).update(b).digest("hex");
}

/** `md5(expr)`: MD5 digest as a 32-character hex string. */
export const MD5: ScalarFunctionDefinition = {
  type: "scalar",
  name: "md5",
  args: { min: 1, max: 1 },
  docs: {
    usage: "md5(expr) - Returns an MD5 128-bit checksum as a hex string of `expr`.",
    examples: [{ sql: "md5('Spark')", result: "8cde774d6f7333752ed72cacddb05126" }],
    since: "1.5.0",
  },
  coerce: () => [BINARY],
  bind: (args) => ({
    dataType: STRING,
    nullable: args[0]!.nullable,
    eval: (b) => digestHex("md5", b as Uint8Array),
  }),
};

/** `sha1(expr)` / `sha(expr)`: SHA-1 digest as a 40-character hex string. */
export const SHA1: ScalarFunctionDefinition = {
  type: "scalar",
  name: "sha1",
  aliases: ["sha"],
  args: { min: 1, max: 1 },
  docs: {
    usage: "sha1(expr) - Returns a sha1 hash value as a hex string of the `expr`.",
    examples: [{ sql: "sha1('Spark')", result: "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c" }],
    since: "1.5.0",
  },
  sql: (args, calledAs) => `${calledAs.toLowerCase()}(${args.join(", ")})`,
  coerce: () => [BINARY],
  bind: (args) => ({
    dataType: STRING,
    nullable: args[0]!.nullable,
    eval: (b) => digestHex("sha1", b as Uint8Array),
  }),
};

const SHA2_ALGORITHMS: Readonly<Record<number, string>> = {
  0: "sha256",
  224: "sha224",
  256: "sha256",
  384: "sha384",
  512: "sha512",
};

/** `sha2(expr, bitLength)`: SHA-2 family digest; an unsupported bit length gives NULL. */
export const SHA2: ScalarFunctionDefinition = {
  type: "scalar",
  name: "sha2",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "sha2(expr, bitLength) - Returns a checksum of SHA-2 family as a hex string of `expr`. SHA-224, SHA-256, SHA-384, and SHA-512 are supported. Bit length of 0 is equivalent to 256.",
    examples: [
      {
        sql: "sha2('Spark', 256)",
        result: "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b",
      },
    ],
    since: "1.5.0",
  },
  coerce: () => [BINARY, INT],
  bind: () => ({
    dataType: STRING,
    nullable: true,
    eval: (b, bits) => {
      const alg = SHA2_ALGORITHMS[bits as number];
      return alg === undefined ? null : digestHex(alg, b as Uint8Array);
    },
  }),
};

/** `crc32(expr)`: the CRC-32 checksum as a BIGINT. */
export const CRC32: ScalarFunctionDefinition = {
  type: "scalar",
  name: "crc32",
  args: { min: 1, max: 1 },
  docs: {
    usage: "crc32(expr) - Returns a cyclic redundancy check value of the `expr` as a bigint.",
    examples: [{ sql: "crc32('Spark')", result: "1557323817" }],
    since: "1.5.0",
  },
  coerce: () => [BINARY],
  bind: (args) => ({ dataType: LONG, nullable: args[0]!.nullable, eval: (b) => crc32(b as Uint8Array) }),
};
