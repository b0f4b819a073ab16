/**
 * The FAQ knowledge base as the retriever sees it: validated entries with their source location.
 * Files live in `models/faq/*.yaml`; see docs/retrieval.md for the format.
 */
import type { ChannelVariants } from '../actions/template';

/** One FAQ entry: the question in several phrasings, the answer and its channel variants. */
export interface FaqEntry {
  /** Stable id (`wire-fee-international`); feedback and analytics refer to it. */
  readonly id: string;
  /** The canonical question. */
  readonly question: string;
  /** Other ways customers ask the same thing. */
  readonly alternatives: readonly string[];
  /** The answer: a default wording and optional per-channel ones (a template, slots allowed). */
  readonly answer: Readonly<ChannelVariants>;
  readonly tags: readonly string[];
  /** Skill of the agents who handle follow-ups (routes a handoff). */
  readonly skill?: string;
  /** BCP 47 language of the entry (`en`, `es`); entries without one match every language. */
  readonly language?: string;
  /** Where the entry is defined. */
  readonly source: { readonly file: string; readonly line: number };
}

/** A loaded, validated knowledge base. */
export interface KnowledgeBase {
  readonly entries: readonly FaqEntry[];
  /** The files it was loaded from. */
  readonly files: readonly string[];
}

/** Every phrasing of an entry, the canonical question first. */
export function phrasingsOf(entry: FaqEntry): string[] {
  return [entry.question, ...entry.alternatives];
}

/**
 * The form two phrasings are compared in to find duplicates: NFKC, lowercased, punctuation and
 * repeated spaces removed ("What's the fee?" and "whats the fee" are the same question).
 */
export function normalizePhrasing(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
