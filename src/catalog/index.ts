/**
 * Layer `catalog/`. Temporary views by case-insensitive name.
 *
 * Invariants: views hold analyzed plans; the catalog belongs to a session.
 * May import: common/ … plans/.
 */
export { SessionCatalog } from "./catalog.js";
