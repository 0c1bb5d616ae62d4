/**
 * The `nexmark` source: the Nexmark benchmark's event generator (persons, auctions, bids;
 * deterministic by seed, Beam's per-event seeding) as a streaming source in nexmark-flink's
 * single-table shape, and the `person` / `auction` / `bid` views the standard queries read.
 */
export { JavaRandom } from "./java-random.js";
export {
  FIRST_AUCTION_ID,
  FIRST_CATEGORY_ID,
  FIRST_PERSON_ID,
  HOT_CHANNELS,
  NUM_ACTIVE_PEOPLE,
  NUM_IN_FLIGHT_AUCTIONS,
  NexmarkGenerator,
  type NexmarkGeneratorConfig,
} from "./nexmark-generator.js";
export {
  AUCTION_EVENT,
  AUCTION_TYPE,
  BID_EVENT,
  BID_TYPE,
  NEXMARK_SCHEMA,
  PERSON_EVENT,
  PERSON_TYPE,
} from "./nexmark-schema.js";
export {
  DEFAULT_EVENTS_PER_TRIGGER,
  NexmarkStreamSource,
  parseNexmarkOffset,
} from "./nexmark-stream-source.js";
export {
  type NexmarkViewSession,
  type NexmarkViewSource,
  nexmarkViewStatements,
  registerNexmarkViews,
} from "./nexmark-views.js";
export {
  NEXMARK_DEFAULT_BASE_TIME_MS,
  NEXMARK_OPTIONS,
  type NexmarkOptions,
  parseNexmarkOptions,
} from "./options.js";
export { nexmarkSourceProvider } from "./provider.js";
