/**
 * Runs hub methods as ASP.NET Core's DefaultHubDispatcher does with detailed errors
 * off: finds them case-insensitively, binds the arguments as the JSON hub protocol
 * binds them to C# parameters, and turns what they return or throw into the outcome
 * of a Completion, with ASP.NET Core's error texts.
 */
import { HubError } from './hub.ts';
import type {
  HubCallerContext,
  HubDefinition,
  HubLogger,
  HubMethodHandler,
  HubParameterType,
  HubPrincipal,
} from './hub.ts';
import type { CompletionOutcome } from './json-hub-protocol.ts';

interface BoundMethod<P extends HubPrincipal> {
  /** The name as the hub declares it (ASP.NET Core reports errors under it). */
  readonly name: string;
  /** Null when the arguments are taken as they come. */
  readonly parameters: readonly HubParameterType[] | null;
  readonly arity: number;
  readonly handler: HubMethodHandler<P>;
}

export function unexpectedErrorMessage(target: string): string {
  return `An unexpected error occurred invoking '${target}' on the server.`;
}

function bindingFailedMessage(target: string): string {
  return `Failed to invoke '${target}' due to an error on the server.`;
}

export class HubDispatcher<P extends HubPrincipal> {
  readonly #methods = new Map<string, BoundMethod<P>>();
  readonly #logger: HubLogger;

  constructor(hub: HubDefinition<P>, logger: HubLogger) {
    for (const [name, method] of Object.entries(hub.methods)) {
      const bound: BoundMethod<P> =
        typeof method === 'function'
          ? {
              name,
              parameters: null,
              arity: Math.max(0, method.length - 1),
              handler: method as HubMethodHandler<P>,
            }
          : {
              name,
              parameters: method.parameters,
              arity: method.parameters.length,
              handler: method.handler,
            };
      this.#methods.set(name.toLowerCase(), bound);
    }
    this.#logger = logger;
  }

  /** Never rejects: every failure becomes an error outcome. */
  async invoke(
    caller: HubCallerContext<P>,
    target: string,
    args: readonly unknown[],
    streamIds: readonly string[] = [],
  ): Promise<CompletionOutcome> {
    const method = this.#methods.get(target.toLowerCase());
    if (method === undefined) {
      this.#logger.debug(
        `Connection ${caller.connectionId} invoked unknown hub method '${target}'.`,
      );
      // The JSON protocol fails to bind an unknown target, with a HubException.
      return { error: `${bindingFailedMessage(target)} HubException: Method does not exist.` };
    }
    if (!binds(method, args)) {
      this.#logger.debug(
        `Connection ${caller.connectionId} invoked '${method.name}' with arguments that do not bind.`,
      );
      return { error: bindingFailedMessage(method.name) };
    }
    if (streamIds.length > 0) {
      return {
        error: `${unexpectedErrorMessage(method.name)} HubException: Client sent ${streamIds.length} stream(s), Hub method expects 0.`,
      };
    }
    try {
      return { result: await method.handler(caller, ...(args as never[])) };
    } catch (error) {
      if (error instanceof HubError) {
        return { error: `${unexpectedErrorMessage(method.name)} HubException: ${error.message}` };
      }
      this.#logger.error(
        `Hub method '${method.name}' threw (connection ${caller.connectionId}).`,
        error,
      );
      return { error: unexpectedErrorMessage(method.name) };
    }
  }

  /** A StreamInvocation: no method here streams, so it fails as ASP.NET Core fails it. */
  streamInvocationError(target: string): string {
    const method = this.#methods.get(target.toLowerCase());
    if (method === undefined) {
      return `${bindingFailedMessage(target)} HubException: Method does not exist.`;
    }
    return `The client attempted to invoke the non-streaming '${method.name}' method with a streaming invocation.`;
  }
}

function binds<P extends HubPrincipal>(method: BoundMethod<P>, args: readonly unknown[]): boolean {
  if (args.length !== method.arity) return false;
  if (method.parameters === null) return true;
  return method.parameters.every((type, index) => bindsTo(type, args[index]));
}

function bindsTo(type: HubParameterType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' || value === null;
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'any':
      return true;
  }
}
