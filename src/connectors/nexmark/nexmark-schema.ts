/**
 * The `nexmark` source's schema: nexmark-flink's single table (`ddl_gen.sql`) — an event type,
 * three nullable nested rows of which exactly one is set, and the event time of whichever is set:
 *
 *     event_type INT            0 person, 1 auction, 2 bid
 *     person     STRUCT<id, name, emailAddress, creditCard, city, state, dateTime, extra>
 *     auction    STRUCT<id, itemName, description, initialBid, reserve, dateTime, expires,
 *                       seller, category, extra>
 *     bid        STRUCT<auction, bidder, price, channel, url, dateTime, extra>
 *     dateTime   TIMESTAMP
 *
 * BIGINT is LONG, VARCHAR is STRING, TIMESTAMP(3) is TIMESTAMP (microseconds inside, whole
 * milliseconds in value). Field order matters: the generator fills the struct arrays by position.
 */
import { INT, LONG, STRING, StructField, StructType, TIMESTAMP } from "../../types/data-type.js";

const f = (name: string, type: StructField["dataType"]): StructField => new StructField(name, type, false);

/** The nested row of a person event. */
export const PERSON_TYPE = new StructType([
  f("id", LONG),
  f("name", STRING),
  f("emailAddress", STRING),
  f("creditCard", STRING),
  f("city", STRING),
  f("state", STRING),
  f("dateTime", TIMESTAMP),
  f("extra", STRING),
]);

/** The nested row of an auction event. */
export const AUCTION_TYPE = new StructType([
  f("id", LONG),
  f("itemName", STRING),
  f("description", STRING),
  f("initialBid", LONG),
  f("reserve", LONG),
  f("dateTime", TIMESTAMP),
  f("expires", TIMESTAMP),
  f("seller", LONG),
  f("category", LONG),
  f("extra", STRING),
]);

/** The nested row of a bid event. */
export const BID_TYPE = new StructType([
  f("auction", LONG),
  f("bidder", LONG),
  f("price", LONG),
  f("channel", STRING),
  f("url", STRING),
  f("dateTime", TIMESTAMP),
  f("extra", STRING),
]);

/** `event_type` of a person, an auction and a bid. */
export const PERSON_EVENT = 0;
/** `event_type` of an auction. */
export const AUCTION_EVENT = 1;
/** `event_type` of a bid. */
export const BID_EVENT = 2;

/** The schema of `spark.readStream.format("nexmark")`. */
export const NEXMARK_SCHEMA = new StructType([
  new StructField("event_type", INT, false),
  new StructField("person", PERSON_TYPE, true),
  new StructField("auction", AUCTION_TYPE, true),
  new StructField("bid", BID_TYPE, true),
  new StructField("dateTime", TIMESTAMP, false),
]);
