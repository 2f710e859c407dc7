/** What an unknown group has: shared, so a send to nobody allocates nothing. */
const noMembers: ReadonlySet<never> = new Set();

/** Group membership, both ways round, so a leaving connection is removed everywhere. */
export class GroupRegistry<M> {
  readonly #members = new Map<string, Set<M>>();
  readonly #groupsOf = new Map<M, Set<string>>();

  add(member: M, group: string): void {
    let members = this.#members.get(group);
    if (members === undefined) this.#members.set(group, (members = new Set()));
    members.add(member);
    let groups = this.#groupsOf.get(member);
    if (groups === undefined) this.#groupsOf.set(member, (groups = new Set()));
    groups.add(group);
  }

  remove(member: M, group: string): void {
    const members = this.#members.get(group);
    if (members?.delete(member) && members.size === 0) this.#members.delete(group);
    const groups = this.#groupsOf.get(member);
    if (groups?.delete(group) && groups.size === 0) this.#groupsOf.delete(member);
  }

  removeMember(member: M): void {
    for (const group of this.#groupsOf.get(member) ?? []) {
      const members = this.#members.get(group);
      if (members?.delete(member) && members.size === 0) this.#members.delete(group);
    }
    this.#groupsOf.delete(member);
  }

  members(group: string): ReadonlySet<M> {
    return this.#members.get(group) ?? noMembers;
  }

  size(group: string): number {
    return this.#members.get(group)?.size ?? 0;
  }

  /** Every non-empty group with its number of members. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.#members].map(([group, members]) => [group, members.size]));
  }
}
