/**
 * The Discord helpers with the REAL `@discordjs/rest` client against a local fake Discord API.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { DiscordAPIError, HTTPError, REST } from '@discordjs/rest';
import { Client, Message, Routes } from 'discord.js';
import { hashIdentifier } from '../../src/sanitize/hash';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../instrument/support';
import { startFakeDiscordApi, type FakeDiscordApi } from '../support/fake-discord-api';

const CHANNEL = '123456789012345678';
let fake: FakeDiscordApi;
let rest: REST;
let h: Harness;

beforeEach(async () => {
  h = createHarness({}, false);
  fake = await startFakeDiscordApi();
  rest = new REST({ api: fake.api, version: '10', offset: 0, retries: 1, timeout: 5_000 }).setToken('test-bot-token');
  h.inst.observeDiscordRest(rest);
});
afterEach(async () => {
  await fake.close();
  await h.teardown();
});

function postMessage(content: string) {
  const route = Routes.channelMessages(CHANNEL);
  return h.inst.instrumentDiscordApi({ method: 'POST', endpoint: route, guildId: '2000000000000000002' }, () => rest.post(route, { body: { content } }));
}

describe('@discordjs/rest against a fake Discord API', () => {
  it('posts a message: one CLIENT span with the templated route', async () => {
    const message = (await postMessage('hello')) as { content: string; channel_id: string };
    expect(message).toMatchObject({ content: 'hello', channel_id: CHANNEL });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.headers.authorization).toBe('Bot test-bot-token');
    const [span] = h.spans();
    expect(span!.name).toBe('POST /channels/{channel.id}/messages');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.template': '/channels/{channel.id}/messages',
      'discord.channel.id': CHANNEL,
      'discord.guild.id': '2000000000000000002',
    });
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.events).toHaveLength(0);
    expect(JSON.stringify(span!.attributes)).not.toContain('hello');
  });

  it('a 429 with retry_after is retried by the client and recorded as a rate-limit event', async () => {
    fake.rateLimitNext(`/channels/${CHANNEL}/messages`, { retryAfter: 0.05, bucket: 'bucket-abc' });
    const message = (await postMessage('after the limit')) as { content: string };
    expect(message.content).toBe('after the limit');
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    const [span] = h.spans();
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    const events = span!.events.filter((e) => e.name === 'discord.rate_limited');
    expect(events).toHaveLength(1);
    expect(events[0]!.attributes).toMatchObject({
      'http.response.status_code': 429,
      'discord.rate_limit.retry_after': 0.05,
      'discord.rate_limit.bucket': 'bucket-abc',
      'discord.rate_limit.global': false,
      'discord.rate_limit.scope': 'user',
    });
  });

  it('a 500 (after the client retries) is an ERROR with the status recorded', async () => {
    fake.failNext(`/channels/${CHANNEL}/messages`, { status: 500, times: 2 });
    const error = await postMessage('will fail').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPError);
    expect(fake.requests).toHaveLength(2);
    const [span] = h.spans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['http.response.status_code']).toBe(500);
    expect(span!.attributes['error.type']).toBe('500');
    expect(span!.attributes['http.request.resend_count']).toBe(1);
    expect(span!.events.map((e) => e.name)).toContain('exception');
  });

  it('a 4xx API error (DiscordAPIError) is recorded with its status', async () => {
    const route = Routes.channel('999999999999999999') + '/nonexistent';
    const error = await h.inst.instrumentDiscordApi({ method: 'GET', endpoint: route }, () => rest.get(route as `/${string}`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    const [span] = h.spans();
    expect(span!.name).toBe('GET /channels/{channel.id}/nonexistent');
    expect(span!.attributes['http.response.status_code']).toBe(404);
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('wrapMessageHandler with a discord.js Client', () => {
  it('one CONSUMER span per messageCreate event; ids recorded, user hashed, content never', async () => {
    const client = new Client({ intents: [] });
    const handled: string[] = [];
    const done = new Promise<void>((resolve) => {
      client.on(
        'messageCreate',
        h.inst.wrapMessageHandler(async (message: Message) => {
          handled.push(message.content);
          // the reply goes through the instrumented REST call, as a child of the event span
          await postMessage(`echo ${message.id}`);
          resolve();
        }),
      );
    });
    // @ts-expect-error -- the constructor is internal; this is how the gateway builds messages
    const message: Message = new Message(client, {
      id: '3000000000000000003',
      channel_id: CHANNEL,
      guild_id: '2000000000000000002',
      content: 'secret words',
      author: { id: '4000000000000000004', username: 'someone', discriminator: '0', bot: false, avatar: null },
      type: 0,
      timestamp: new Date().toISOString(),
      attachments: [],
      embeds: [],
      mentions: [],
      mention_roles: [],
      pinned: false,
      tts: false,
      mention_everyone: false,
    });
    client.emit('messageCreate', message as never);
    await done;
    await client.destroy();
    for (let i = 0; i < 50 && h.spans().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(handled).toEqual(['secret words']);
    const event = h.spans().find((s) => s.name === 'discord messageCreate')!;
    expect(event.kind).toBe(SpanKind.CONSUMER);
    expect(event.attributes).toEqual({
      'discord.event': 'messageCreate',
      'discord.guild.id': '2000000000000000002',
      'discord.channel.id': CHANNEL,
      'discord.message.id': '3000000000000000003',
      'discord.user.id_hash': hashIdentifier('4000000000000000004'),
      'discord.user.bot': false,
    });
    const reply = h.spans().find((s) => s.name === 'POST /channels/{channel.id}/messages')!;
    expect(reply.parentSpanContext?.spanId).toBe(event.spanContext().spanId);
    expect(JSON.stringify(h.spans().map((s) => s.attributes))).not.toContain('secret words');
  });
});
