/**
 * Discord: REST calls (`instrumentDiscordApi`, `observeDiscordRest`) and gateway events
 * (`wrapMessageHandler`). User ids are hashed; message content is never recorded.
 */
import { SpanKind, trace, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '@opentelemetry/semantic-conventions';
import { hashIdentifier } from '../sanitize/hash';
import {
  ATTR_DISCORD_CHANNEL_ID,
  ATTR_DISCORD_EVENT,
  ATTR_DISCORD_GUILD_ID,
  ATTR_DISCORD_MESSAGE_ID,
  ATTR_DISCORD_RATE_LIMIT_BUCKET,
  ATTR_DISCORD_RATE_LIMIT_GLOBAL,
  ATTR_DISCORD_RATE_LIMIT_RETRY_AFTER,
  ATTR_DISCORD_RATE_LIMIT_SCOPE,
  ATTR_DISCORD_USER_BOT,
  ATTR_DISCORD_USER_ID_HASH,
  ATTR_URL_TEMPLATE,
  EVENT_DISCORD_RATE_LIMITED,
} from '../semconv/instrumentation';
import { templateDiscordRoute } from './discord-route';
import { methodAttributes, readStatus, recordStatus } from './http-attributes';
import type { ResolvedInstrumentationOptions } from './options';
import { NOOP_SPAN, runInSpan, safely } from '../tracer/run-in-span';

/** What `instrumentDiscordApi` needs to know about a Discord REST call. */
export interface DiscordApiInfo {
  /** The API path (`/channels/123/messages`, with or without `/api/v10`); ids are templated. */
  endpoint: string;
  /** HTTP method. Default `GET`. */
  method?: string;
  /** `discord.guild.id`. Default: read from the endpoint. */
  guildId?: string;
  /** `discord.channel.id`. Default: read from the endpoint. */
  channelId?: string;
}

/** A rate limit as Discord reports it (429 response, or @discordjs/rest's `RateLimitError`). */
export interface DiscordRateLimitInfo {
  /** Seconds to wait (`retry_after` / `Retry-After`). */
  retryAfter?: number;
  /** The `X-RateLimit-Bucket` header. */
  bucket?: string;
  global?: boolean;
  /** `X-RateLimit-Scope`: user, global or shared. */
  scope?: string;
}

/** Adds a `discord.rate_limited` event to `span` (default: the active span). */
export function recordDiscordRateLimit(info: DiscordRateLimitInfo, span: Span | undefined = trace.getActiveSpan()): void {
  if (!span || !span.isRecording()) return;
  const attributes: Attributes = { [ATTR_HTTP_RESPONSE_STATUS_CODE]: 429 };
  if (info.retryAfter !== undefined && Number.isFinite(info.retryAfter)) attributes[ATTR_DISCORD_RATE_LIMIT_RETRY_AFTER] = info.retryAfter;
  if (info.bucket) attributes[ATTR_DISCORD_RATE_LIMIT_BUCKET] = info.bucket;
  if (info.global !== undefined) attributes[ATTR_DISCORD_RATE_LIMIT_GLOBAL] = info.global;
  if (info.scope) attributes[ATTR_DISCORD_RATE_LIMIT_SCOPE] = info.scope;
  span.addEvent(EVENT_DISCORD_RATE_LIMITED, attributes);
}

function rateLimitFromHeaders(headers: { get(name: string): string | null } | undefined): DiscordRateLimitInfo {
  if (!headers || typeof headers.get !== 'function') return {};
  const retry = headers.get('retry-after') ?? headers.get('x-ratelimit-reset-after');
  return {
    retryAfter: retry === null ? undefined : Number(retry),
    bucket: headers.get('x-ratelimit-bucket') ?? undefined,
    global: headers.get('x-ratelimit-global') !== null,
    scope: headers.get('x-ratelimit-scope') ?? undefined,
  };
}

/** The minimal part of @discordjs/rest's `REST` used by `observeDiscordRest`. */
export interface DiscordRestLike {
  on(event: 'response', listener: (request: { retries?: number }, response: { status: number; headers?: unknown }) => void): unknown;
}

const observed = new WeakSet<object>();

export function createDiscordHelpers(options: ResolvedInstrumentationOptions) {
  /**
   * Runs `fn` in a CLIENT span `{METHOD} {route template}` for a Discord REST call. Error
   * statuses from `DiscordAPIError` / `HTTPError` are recorded; a `RateLimitError` or a 429
   * `Response` becomes a `discord.rate_limited` event.
   */
  function instrumentDiscordApi<T>(request: DiscordApiInfo, fn: (span: Span) => T): T {
    if (!options.enableDiscord) return fn(NOOP_SPAN);
    const attributes: Attributes = {};
    let name = 'DISCORD';
    try {
      const method = methodAttributes(request.method, attributes);
      const route = templateDiscordRoute(request.endpoint);
      attributes[ATTR_URL_TEMPLATE] = route.template;
      const guildId = request.guildId ?? route.guildId;
      const channelId = request.channelId ?? route.channelId;
      if (guildId) attributes[ATTR_DISCORD_GUILD_ID] = String(guildId);
      if (channelId) attributes[ATTR_DISCORD_CHANNEL_ID] = String(channelId);
      name = `${method} ${route.template}`;
    } catch {
      // attributes are best effort
    }
    return runInSpan(options.tracer, name, { kind: SpanKind.CLIENT, attributes }, fn, {
      onResult(span, result) {
        const status = readStatus(result);
        if (status === undefined) return;
        if (status === 429) recordDiscordRateLimit(rateLimitFromHeaders((result as Response).headers), span);
        recordStatus(span, status, 'client');
      },
      onError(span, error) {
        const e = error as { name?: string; status?: unknown; retryAfter?: unknown; hash?: unknown; global?: unknown; scope?: unknown };
        if (e && e.name === 'RateLimitError') {
          recordDiscordRateLimit(
            {
              retryAfter: typeof e.retryAfter === 'number' ? e.retryAfter / 1000 : undefined,
              bucket: typeof e.hash === 'string' ? e.hash : undefined,
              global: typeof e.global === 'boolean' ? e.global : undefined,
              scope: typeof e.scope === 'string' ? e.scope : undefined,
            },
            span,
          );
          span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 429);
          return '429';
        }
        const status = readStatus(error);
        if (status === undefined) return undefined;
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        return String(status);
      },
    });
  }

  /**
   * Subscribes once to a @discordjs/rest `REST` instance's `response` event: every 429 it
   * receives (and then retries) becomes a `discord.rate_limited` event on the span active for
   * that call, and retries set `http.request.resend_count`.
   */
  function observeDiscordRest<R extends DiscordRestLike>(rest: R): R {
    if (!options.enableDiscord || observed.has(rest)) return rest;
    observed.add(rest);
    rest.on('response', (request, response) => {
      safely('discord.response', () => {
        const span = trace.getActiveSpan();
        if (!span || !span.isRecording()) return;
        if (typeof request?.retries === 'number' && request.retries > 0) span.setAttribute(ATTR_HTTP_REQUEST_RESEND_COUNT, request.retries);
        if (response?.status === 429) recordDiscordRateLimit(rateLimitFromHeaders(response.headers as Headers), span);
      });
    });
    return rest;
  }

  /**
   * Wraps a discord.js event handler: one CONSUMER span per event, named `discord {event}`, with
   * the guild, channel and message ids and a hash of the user id. Message content is never recorded.
   */
  function wrapMessageHandler<A extends unknown[], R>(
    handler: (...args: A) => R,
    handlerOptions: { event?: string } = {},
  ): (...args: A) => R {
    if (!options.enableDiscord) return handler;
    const event = handlerOptions.event ?? 'messageCreate';
    return function tracedDiscordHandler(this: unknown, ...args: A): R {
      const attributes: Attributes = { [ATTR_DISCORD_EVENT]: event };
      safely('discord.event', () => Object.assign(attributes, eventAttributes(args[0])));
      return runInSpan(options.tracer, `discord ${event}`, { kind: SpanKind.CONSUMER, attributes }, () => handler.apply(this, args));
    };
  }

  return { instrumentDiscordApi, observeDiscordRest, wrapMessageHandler, recordDiscordRateLimit };
}

type Snowflakeish = string | number | bigint | undefined | null;

function eventAttributes(payload: unknown): Attributes {
  const out: Attributes = {};
  if (!payload || typeof payload !== 'object') return out;
  const p = payload as {
    id?: Snowflakeish;
    guildId?: Snowflakeish;
    channelId?: Snowflakeish;
    guild_id?: Snowflakeish;
    channel_id?: Snowflakeish;
    author?: { id?: Snowflakeish; bot?: boolean };
    user?: { id?: Snowflakeish; bot?: boolean };
  };
  const guild = p.guildId ?? p.guild_id;
  const channel = p.channelId ?? p.channel_id;
  if (guild != null) out[ATTR_DISCORD_GUILD_ID] = String(guild);
  if (channel != null) out[ATTR_DISCORD_CHANNEL_ID] = String(channel);
  const user = p.author ?? p.user;
  if (p.author && p.id != null) out[ATTR_DISCORD_MESSAGE_ID] = String(p.id);
  if (user?.id != null) out[ATTR_DISCORD_USER_ID_HASH] = hashIdentifier(user.id);
  if (typeof user?.bot === 'boolean') out[ATTR_DISCORD_USER_BOT] = user.bot;
  return out;
}
