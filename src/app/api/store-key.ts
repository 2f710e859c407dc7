/**
 * Whether an id from outside (a hub event, the route) may key the store's records.
 * The store keeps albums, tags and their state in plain objects by id, where a name
 * every object inherits (`constructor`, `__proto__`, `toString`, …) reads as present:
 * one such id would throw in a reducer, and a reducer that throws stops the store for good.
 */
export function isStoreKey(id: string): boolean {
  return !(id in Object.prototype);
}
