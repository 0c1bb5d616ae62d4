/**
 * `hash` (Murmur3 x86_32) and `xxhash64` over any number of arguments, seed 42, folding each
 * argument's hash into the next as Spark's HashExpression does (null arguments are skipped).
 */
import { TsparkError } from "../../common/errors.js";
import { normLong } from "../../data/values.js";
import { type DataType, INT, LONG } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { type HashAlgorithm, MURMUR3, makeHasher, XXH64 } from "./hashing.js";

/** Spark's default seed for `hash` and `xxhash64`. */
export const HASH_SEED = 42;

function hasMapType(t: DataType): boolean {
  switch (t.kind) {
    case "map":
      return true;
    case "array":
      return hasMapType(t.elementType);
    case "struct":
      return t.fields.some((f) => hasMapType(f.dataType));
    default:
      return false;
  }
}

function checkArgs(name: string, args: readonly BindArg[]): void {
  if (args.length < 1) {
    throw new TsparkError("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", {
      messageParameters: { functionName: `\`${name}\``, expectedNum: "> 0", actualNum: "0" },
    });
  }
  if (args.some((a) => hasMapType(a.dataType))) {
    throw new TsparkError("DATATYPE_MISMATCH.HASH_MAP_TYPE", {
      messageParameters: {
        sqlExpr: `"${name}(${args.map((a) => a.sql).join(", ")})"`,
        functionName: `\`${name}\``,
      },
    });
  }
}

function foldHashers<S>(args: readonly BindArg[], algo: HashAlgorithm<S>): (values: unknown[], seed: S) => S {
  const hashers = args.map((a) => makeHasher(a.dataType, algo));
  return (values, seed) => {
    let h = seed;
    for (let i = 0; i < hashers.length; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) h = hashers[i]!(v, h);
    }
    return h;
  };
}

/** `hash(expr1, expr2, ...)`: Murmur3 x86_32 hash of the arguments as an INT. */
export const HASH: ScalarFunctionDefinition = {
  type: "scalar",
  name: "hash",
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "hash(expr1, expr2, ...) - Returns a hash value of the arguments.",
    examples: [{ sql: "hash('Spark', array(123), 2)", result: "-1321691492" }],
    since: "2.0.0",
  },
  bind: (args) => {
    checkArgs("hash", args);
    const fold = foldHashers(args, MURMUR3);
    return { dataType: INT, nullable: false, nullIntolerant: false, eval: (...vs) => fold(vs, HASH_SEED) };
  },
};

/** `xxhash64(expr1, expr2, ...)`: 64-bit xxHash of the arguments as a BIGINT. */
export const XXHASH64: ScalarFunctionDefinition = {
  type: "scalar",
  name: "xxhash64",
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "xxhash64(expr1, expr2, ...) - Returns a 64-bit hash value of the arguments. Hash seed is 42.",
    examples: [{ sql: "xxhash64('Spark', array(123), 2)", result: "5602566077635097486" }],
    since: "3.0.0",
  },
  bind: (args) => {
    checkArgs("xxhash64", args);
    const fold = foldHashers(args, XXH64);
    const seed = BigInt(HASH_SEED);
    return {
      dataType: LONG,
      nullable: false,
      nullIntolerant: false,
      eval: (...vs) => normLong(BigInt.asIntN(64, fold(vs, seed))),
    };
  },
};
