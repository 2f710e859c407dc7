/**
 * Runs hub methods: finds them case-insensitively (as ASP.NET Core does) and turns
 * what they return or throw into the outcome of a Completion.
 */
import { HubError } from './hub.ts';
import type { HubCallerContext, HubDefinition, HubLogger, HubPrincipal } from './hub.ts';
import type { CompletionOutcome } from './json-hub-protocol.ts';

type HubMethod<P extends HubPrincipal> = HubDefinition<P>['methods'][string];

export function unexpectedErrorMessage(target: string): string {
  return `An unexpected error occurred invoking '${target}' on the server.`;
}

export class HubDispatcher<P extends HubPrincipal> {
  readonly #methods = new Map<string, HubMethod<P>>();
  readonly #logger: HubLogger;

  constructor(hub: HubDefinition<P>, logger: HubLogger) {
    for (const [name, method] of Object.entries(hub.methods)) {
      this.#methods.set(name.toLowerCase(), method);
    }
    this.#logger = logger;
  }

  /** Never rejects: every failure becomes an error outcome. */
  async invoke(
    caller: HubCallerContext<P>,
    target: string,
    args: readonly unknown[],
  ): Promise<CompletionOutcome> {
    const method = this.#methods.get(target.toLowerCase());
    if (method === undefined) {
      this.#logger.debug(
        `Connection ${caller.connectionId} invoked unknown hub method '${target}'.`,
      );
      return { error: `Unknown hub method '${target}'` };
    }
    try {
      return { result: await method(caller, ...args) };
    } catch (error) {
      // An empty error string would read as success to the client: never send one.
      if (error instanceof HubError && error.message !== '') {
        return { error: error.message };
      }
      this.#logger.error(
        `Hub method '${target}' threw (connection ${caller.connectionId}).`,
        error,
      );
      return { error: unexpectedErrorMessage(target) };
    }
  }
}
