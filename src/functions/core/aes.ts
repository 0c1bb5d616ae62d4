/**
 * `aes_encrypt(expr, key[, mode[, padding[, iv[, aad]]]])`, `aes_decrypt(expr, key[, mode[,
 * padding[, aad]]])` and `try_aes_decrypt`: AES with 16/24/32-byte keys in GCM (default), CBC or
 * ECB mode. The encrypted layout is Spark's: GCM = 12-byte IV ‖ ciphertext ‖ 16-byte tag, CBC =
 * 16-byte IV ‖ ciphertext (PKCS#5 padding), ECB = ciphertext (PKCS#5 padding). Without an
 * explicit IV a random one is drawn, as Spark does.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { TsparkError } from "../../common/errors.js";
import { BINARY, type DataType, STRING } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";

type Mode = "GCM" | "CBC" | "ECB";

const utf8 = new TextEncoder();

function bytes(v: unknown): Uint8Array {
  return typeof v === "string" ? utf8.encode(v) : (v as Uint8Array);
}

function cryptoError(detail: string): TsparkError {
  return new TsparkError("INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR", {
    messageParameters: { parameter: "`expr`, `key`", functionName: "`aes_decrypt`", detailMessage: detail },
  });
}

function checkKey(key: Uint8Array, fn: string): void {
  if (key.length === 16 || key.length === 24 || key.length === 32) return;
  throw new TsparkError("INVALID_PARAMETER_VALUE.AES_KEY_LENGTH", {
    messageParameters: { parameter: "`key`", functionName: `\`${fn}\``, actualLength: String(key.length) },
  });
}

/** The mode, checked against the padding (GCM takes NONE, CBC/ECB take PKCS; DEFAULT picks it). */
function modeOf(modeV: unknown, paddingV: unknown, fn: string): Mode {
  const mode = (modeV === undefined ? "GCM" : String(modeV)).toUpperCase();
  const padding = (paddingV === undefined ? "DEFAULT" : String(paddingV)).toUpperCase();
  const ok =
    (mode === "GCM" && (padding === "DEFAULT" || padding === "NONE")) ||
    ((mode === "CBC" || mode === "ECB") && (padding === "DEFAULT" || padding === "PKCS"));
  if (!ok) {
    throw new TsparkError("UNSUPPORTED_FEATURE.AES_MODE", {
      messageParameters: { mode, padding, functionName: `\`${fn}\`` },
    });
  }
  return mode as Mode;
}

function cipherName(mode: Mode, keyLength: number): string {
  return `aes-${keyLength * 8}-${mode.toLowerCase()}`;
}

/** Encrypts with Spark's layout; `iv` empty means a random one, `aad` is GCM-only. */
export function aesEncrypt(
  input: Uint8Array,
  key: Uint8Array,
  mode: Mode,
  iv: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  checkKey(key, "aes_encrypt");
  if (mode === "ECB") {
    if (iv.length > 0) {
      throw new TsparkError("UNSUPPORTED_FEATURE.AES_MODE_IV", {
        messageParameters: { functionName: "`aes_encrypt`", mode },
      });
    }
    const c = createCipheriv(cipherName(mode, key.length), key, null);
    return new Uint8Array(Buffer.concat([c.update(input), c.final()]));
  }
  const ivLen = mode === "GCM" ? 12 : 16;
  if (iv.length > 0 && iv.length !== ivLen) throw invalidIv(mode, iv.length);
  const theIv = iv.length > 0 ? iv : randomBytes(ivLen);
  if (mode === "GCM") {
    const c = createCipheriv(cipherName(mode, key.length) as "aes-128-gcm", key, theIv, {
      authTagLength: 16,
    });
    if (aad.length > 0) c.setAAD(aad);
    const body = Buffer.concat([c.update(input), c.final()]);
    return new Uint8Array(Buffer.concat([theIv, body, c.getAuthTag()]));
  }
  if (aad.length > 0) throw unsupportedAad(mode);
  const c = createCipheriv(cipherName(mode, key.length), key, theIv);
  return new Uint8Array(Buffer.concat([theIv, c.update(input), c.final()]));
}

/** Decrypts Spark's layout; throws AES_CRYPTO_ERROR when the input does not decrypt. */
export function aesDecrypt(input: Uint8Array, key: Uint8Array, mode: Mode, aad: Uint8Array): Uint8Array {
  checkKey(key, "aes_decrypt");
  try {
    if (mode === "ECB") {
      const d = createDecipheriv(cipherName(mode, key.length), key, null);
      return new Uint8Array(Buffer.concat([d.update(input), d.final()]));
    }
    if (mode === "GCM") {
      if (input.length < 28) throw cryptoError("Input too short for GCM");
      const iv = input.subarray(0, 12);
      const tag = input.subarray(input.length - 16);
      const d = createDecipheriv(cipherName(mode, key.length) as "aes-128-gcm", key, iv, {
        authTagLength: 16,
      });
      if (aad.length > 0) d.setAAD(aad);
      d.setAuthTag(tag);
      return new Uint8Array(Buffer.concat([d.update(input.subarray(12, input.length - 16)), d.final()]));
    }
    if (aad.length > 0) throw unsupportedAad(mode);
    const d = createDecipheriv(cipherName(mode, key.length), key, input.subarray(0, 16));
    return new Uint8Array(Buffer.concat([d.update(input.subarray(16)), d.final()]));
  } catch (e) {
    if (e instanceof TsparkError) throw e;
    throw cryptoError(e instanceof Error ? e.message : String(e));
  }
}

function invalidIv(mode: Mode, actual: number): TsparkError {
  return new TsparkError("INVALID_PARAMETER_VALUE.AES_IV_LENGTH", {
    messageParameters: {
      parameter: "`iv`",
      functionName: "`aes_encrypt`",
      mode,
      actualLength: String(actual),
    },
  });
}

function unsupportedAad(mode: Mode): TsparkError {
  return new TsparkError("UNSUPPORTED_FEATURE.AES_MODE_AAD", {
    messageParameters: { functionName: "`aes_encrypt`", mode },
  });
}

/** STRING stays (read as UTF-8), anything else becomes BINARY; mode/padding are strings. */
function coerceAes(types: readonly DataType[]): (DataType | undefined)[] {
  return types.map((t, i) => {
    if (i === 2 || i === 3) return t.kind === "string" ? undefined : STRING;
    return t.kind === "binary" ? undefined : BINARY;
  });
}

/** `aes_encrypt`: BINARY ciphertext in Spark's layout. */
export const AES_ENCRYPT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "aes_encrypt",
  args: { min: 2, max: 6 },
  docs: {
    usage:
      "aes_encrypt(expr, key[, mode[, padding[, iv[, aad]]]]) - Returns an encrypted value of `expr` using AES in given `mode` with the specified `padding`. Key lengths of 16, 24 and 32 bytes are supported; modes GCM (default), CBC and ECB.",
    examples: [
      {
        sql: "base64(aes_encrypt('Spark SQL', '1234567890abcdef', 'ECB', 'PKCS'))",
        result: "3lmwu+Mw0H3fi5NDvcu9lg==",
      },
      {
        sql: "base64(aes_encrypt('Spark', 'abcdefghijklmnop12345678ABCDEFGH', 'GCM', 'DEFAULT', unhex('000000000000000000000000'), 'This is an AAD mixed into the input'))",
        result: "AAAAAAAAAAAAAAAAQiYi+sTLm7KD9UcZ2nlRdYDe/PX4",
      },
      {
        sql: "base64(aes_encrypt('Spark', 'abcdefghijklmnop12345678ABCDEFGH', 'CBC', 'DEFAULT', unhex('00000000000000000000000000000000')))",
        result: "AAAAAAAAAAAAAAAAAAAAAPSd4mWyMZ5mhvjiAPQJnfg=",
      },
    ],
    since: "3.3.0",
  },
  coerce: coerceAes,
  bind: (args: readonly BindArg[]) => ({
    dataType: BINARY,
    nullable: true,
    eval: (input, key, mode, padding, iv, aad) =>
      aesEncrypt(
        bytes(input),
        bytes(key),
        modeOf(mode, padding, "aes_encrypt"),
        args.length > 4 ? bytes(iv) : new Uint8Array(0),
        args.length > 5 ? bytes(aad) : new Uint8Array(0),
      ),
  }),
};

function decryptDef(name: "aes_decrypt" | "try_aes_decrypt", orNull: boolean): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 2, max: 5 },
    docs: {
      usage: `${name}(expr, key[, mode[, padding[, aad]]]) - Returns a decrypted value of \`expr\` using AES in \`mode\` with \`padding\`.${orNull ? " Returns NULL when the decryption fails." : ""}`,
      examples: [
        {
          sql: `cast(${name}(unhex('83F16B2AA704794132802D248E6BFD4E380078182D1544813898AC97E709B28A94'), '0000111122223333') AS STRING)`,
          result: "Spark",
        },
        {
          sql: `cast(${name}(unbase64('3lmwu+Mw0H3fi5NDvcu9lg=='), '1234567890abcdef', 'ECB', 'PKCS') AS STRING)`,
          result: "Spark SQL",
        },
        {
          sql: `cast(${name}(unbase64('AAAAAAAAAAAAAAAAQiYi+sTLm7KD9UcZ2nlRdYDe/PX4'), 'abcdefghijklmnop12345678ABCDEFGH', 'GCM', 'DEFAULT', 'This is an AAD mixed into the input') AS STRING)`,
          result: "Spark",
        },
        ...(orNull
          ? [
              {
                sql: "try_aes_decrypt(unhex('00112233'), '0000111122223333', 'GCM')",
                result: "NULL",
              },
            ]
          : []),
      ],
      since: orNull ? "3.5.0" : "3.3.0",
    },
    coerce: coerceAes,
    bind: (args: readonly BindArg[]) => ({
      dataType: BINARY,
      nullable: true,
      eval: (input, key, mode, padding, aad) => {
        try {
          return aesDecrypt(
            bytes(input),
            bytes(key),
            modeOf(mode, padding, name),
            args.length > 4 ? bytes(aad) : new Uint8Array(0),
          );
        } catch (e) {
          if (orNull && e instanceof TsparkError) return null;
          throw e;
        }
      },
    }),
  };
}

/** `aes_decrypt`: the plaintext BINARY; AES_CRYPTO_ERROR when it does not decrypt. */
export const AES_DECRYPT = decryptDef("aes_decrypt", false);

/** `try_aes_decrypt`: as `aes_decrypt`, NULL when the decryption fails. */
export const TRY_AES_DECRYPT = decryptDef("try_aes_decrypt", true);
