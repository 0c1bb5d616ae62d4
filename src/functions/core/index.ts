/**
 * The core function family: one definition per file, collected here in name order.
 * May import: common/, types/, data/, functions/ (the contract and helpers).
 *
 * Also home of the CAST kernels (cast.ts) and Spark's hash encodings (hashing.ts), which other
 * layers reuse (the analyzer validates casts with `checkCast`, approx_count_distinct hashes with
 * `makeHasher`).
 */
import type { FunctionDefinition } from "../function-definition.js";
import { AES_DECRYPT, AES_ENCRYPT, TRY_AES_DECRYPT } from "./aes.js";
import { CURRENT_CATALOG, CURRENT_DATABASE } from "./current-database.js";
import { CRC32, MD5, SHA1, SHA2 } from "./digest.js";
import { HASH, XXHASH64 } from "./hash.js";
import { EQUAL_NULL, NULLIF, NULLIFZERO, ZEROIFNULL } from "./null-functions.js";
import { INPUT_FILE_BLOCK_LENGTH, INPUT_FILE_BLOCK_START, INPUT_FILE_NAME } from "./input-file-block.js";
import { MONOTONICALLY_INCREASING_ID, SPARK_PARTITION_ID } from "./partition-info.js";
import { ASSERT_TRUE, RAISE_ERROR } from "./raise-error.js";
import { RAND, RANDN, RANDSTR, UNIFORM, UUID } from "./random.js";
import { CURRENT_USER, VERSION } from "./session-info.js";
import { DROP_FIELDS, WITH_FIELD } from "./struct-fields.js";
import { TYPEOF } from "./type-of.js";

export {
  bindCast,
  type CastMode,
  canAnsiCast,
  canCast,
  canTryCast,
  castNullable,
  checkCast,
} from "./cast.js";
export { type HashAlgorithm, MURMUR3, makeHasher, XXH64 } from "./hashing.js";

export const CORE_FUNCTIONS: readonly FunctionDefinition[] = [
  AES_DECRYPT,
  AES_ENCRYPT,
  ASSERT_TRUE,
  CRC32,
  CURRENT_CATALOG,
  CURRENT_DATABASE,
  CURRENT_USER,
  DROP_FIELDS,
  EQUAL_NULL,
  HASH,
  INPUT_FILE_BLOCK_LENGTH,
  INPUT_FILE_BLOCK_START,
  INPUT_FILE_NAME,
  MD5,
  MONOTONICALLY_INCREASING_ID,
  NULLIF,
  NULLIFZERO,
  RAISE_ERROR,
  RAND,
  RANDN,
  RANDSTR,
  SHA1,
  SHA2,
  SPARK_PARTITION_ID,
  TRY_AES_DECRYPT,
  TYPEOF,
  UNIFORM,
  UUID,
  VERSION,
  WITH_FIELD,
  XXHASH64,
  ZEROIFNULL,
];
