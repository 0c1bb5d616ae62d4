/**
 * The string function family: one definition per file (small related ones share a file), collected
 * here in name order. Java-regex translation lives in ../regex.ts.
 * May import: common/, types/, data/, functions/ (the contract and helpers).
 */
import type { FunctionDefinition } from "../function-definition.js";
import { INITCAP, LOWER, UPPER } from "./case.js";
import { ASCII, CHR, LEVENSHTEIN, SOUNDEX } from "./chars.js";
import { BASE64, DECODE, ENCODE, UNBASE64 } from "./codec.js";
import { CONCAT, CONCAT_WS } from "./concat.js";
import { ELT, FIND_IN_SET } from "./elt.js";
import { OVERLAY, REPEAT, REPLACE, REVERSE, SPACE, TRANSLATE } from "./edits.js";
import { FORMAT_NUMBER } from "./format-number.js";
import { FORMAT_STRING } from "./format-string.js";
import { BIT_LENGTH, LENGTH, OCTET_LENGTH } from "./length.js";
import { ILIKE, LIKE } from "./like.js";
import { INSTR, LOCATE } from "./locate.js";
import { LUHN_CHECK } from "./luhn-check.js";
import { MASK } from "./mask.js";
import { LPAD, RPAD } from "./pad.js";
import { CONTAINS, ENDSWITH, STARTSWITH } from "./predicates.js";
import { QUOTE } from "./quote.js";
import {
  REGEXP_COUNT,
  REGEXP_EXTRACT,
  REGEXP_EXTRACT_ALL,
  REGEXP_INSTR,
  REGEXP_REPLACE,
  REGEXP_SUBSTR,
  RLIKE,
} from "./regexp.js";
import { SENTENCES } from "./sentences.js";
import { SPLIT, SPLIT_PART } from "./split.js";
import { LEFT, RIGHT, SUBSTRING, SUBSTRING_INDEX } from "./substring.js";
import { TO_BINARY, TRY_TO_BINARY } from "./to-binary.js";
import { TO_CHAR, TO_NUMBER, TRY_TO_NUMBER } from "./to-number.js";
import { TRY_PARSE_URL } from "./try-parse-url.js";
import { BTRIM, LTRIM, RTRIM, TRIM } from "./trim.js";
import { PARSE_URL, TRY_URL_DECODE, URL_DECODE, URL_ENCODE } from "./url.js";
import { IS_VALID_UTF8, MAKE_VALID_UTF8, TRY_VALIDATE_UTF8, VALIDATE_UTF8 } from "./utf8.js";

/** Every string-family definition, sorted by name. */
export const STRING_FUNCTIONS: readonly FunctionDefinition[] = [
  ASCII,
  BASE64,
  BIT_LENGTH,
  BTRIM,
  CHR,
  CONCAT,
  CONCAT_WS,
  CONTAINS,
  DECODE,
  ELT,
  ENCODE,
  ENDSWITH,
  FIND_IN_SET,
  FORMAT_NUMBER,
  FORMAT_STRING,
  ILIKE,
  INITCAP,
  INSTR,
  IS_VALID_UTF8,
  LEFT,
  LENGTH,
  LEVENSHTEIN,
  LIKE,
  LOCATE,
  LOWER,
  LPAD,
  LTRIM,
  LUHN_CHECK,
  MAKE_VALID_UTF8,
  MASK,
  OCTET_LENGTH,
  OVERLAY,
  PARSE_URL,
  QUOTE,
  REGEXP_COUNT,
  REGEXP_EXTRACT,
  REGEXP_EXTRACT_ALL,
  REGEXP_INSTR,
  REGEXP_REPLACE,
  REGEXP_SUBSTR,
  REPEAT,
  REPLACE,
  REVERSE,
  RIGHT,
  RLIKE,
  RPAD,
  RTRIM,
  SENTENCES,
  SOUNDEX,
  SPACE,
  SPLIT,
  SPLIT_PART,
  STARTSWITH,
  SUBSTRING,
  SUBSTRING_INDEX,
  TO_BINARY,
  TO_CHAR,
  TO_NUMBER,
  TRANSLATE,
  TRIM,
  TRY_PARSE_URL,
  TRY_TO_BINARY,
  TRY_TO_NUMBER,
  TRY_URL_DECODE,
  TRY_VALIDATE_UTF8,
  UNBASE64,
  UPPER,
  URL_DECODE,
  URL_ENCODE,
  VALIDATE_UTF8,
];
