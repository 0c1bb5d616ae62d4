/**
 * `sentences(str[, lang[, country]])`: splits text into sentences, each an array of words, with
 * locale-aware sentence and word boundaries (Intl.Segmenter, as Java's BreakIterator in Spark).
 * Punctuation and spaces are dropped; a word is a segment starting with a letter or digit.
 */
import { ArrayType, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { callSql, coerceTo, withDefaults } from "./helpers.js";

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

function localeOf(lang: unknown, country: unknown): string {
  const l = typeof lang === "string" ? lang : "";
  const c = typeof country === "string" ? country : "";
  if (l === "") return "en-US";
  try {
    return Intl.getCanonicalLocales(c === "" ? l : `${l}-${c}`)[0] ?? "en-US";
  } catch {
    return "en-US";
  }
}

/** `sentences`: ARRAY<ARRAY<STRING>> of words per sentence. */
export const SENTENCES: ScalarFunctionDefinition = {
  type: "scalar",
  name: "sentences",
  args: { min: 1, max: 3 },
  docs: {
    usage:
      "sentences(str[, lang[, country]]) - Splits `str` into an array of array of words. The default locale is used when `lang` and `country` are omitted.",
    examples: [
      { sql: "sentences('Hi there! Good morning.')", result: "[[Hi, there], [Good, morning]]" },
      { sql: "sentences('Hi there! Good morning.', 'en')", result: "[[Hi, there], [Good, morning]]" },
      { sql: "sentences('Hi there! Good morning.', 'en', 'US')", result: "[[Hi, there], [Good, morning]]" },
    ],
    since: "2.0.0",
  },
  // The omitted language and country are empty-string literal children, which the name shows.
  sql: (args) => callSql("sentences", withDefaults(args, ["", ""], 3)),
  coerce: coerceTo("string", "string", "string"),
  bind: (args) => {
    const segmenters = new Map<string, [Intl.Segmenter, Intl.Segmenter]>();
    const segmentersFor = (locale: string): [Intl.Segmenter, Intl.Segmenter] => {
      let s = segmenters.get(locale);
      if (s === undefined) {
        s = [
          new Intl.Segmenter(locale, { granularity: "sentence" }),
          new Intl.Segmenter(locale, { granularity: "word" }),
        ];
        segmenters.set(locale, s);
      }
      return s;
    };
    return {
      dataType: new ArrayType(new ArrayType(STRING, true), true),
      nullable: args[0]?.nullable ?? true,
      nullIntolerant: false,
      eval: (str, lang, country) => {
        if (str === null) return null;
        const [bySentence, byWord] = segmentersFor(localeOf(lang, country));
        const out: string[][] = [];
        for (const s of bySentence.segment(str as string)) {
          const words: string[] = [];
          for (const w of byWord.segment(s.segment))
            if (LETTER_OR_DIGIT.test(w.segment)) words.push(w.segment);
          if (words.length > 0) out.push(words);
        }
        return out;
      },
    };
  },
};
