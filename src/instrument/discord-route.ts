/**
 * Discord REST route templating: `/channels/1234/messages/5678` →
 * `/channels/{channel.id}/messages/{message.id}`, so span names stay low-cardinality.
 */

const PARAM_AFTER: Record<string, string> = {
  channels: '{channel.id}',
  guilds: '{guild.id}',
  messages: '{message.id}',
  users: '{user.id}',
  members: '{user.id}',
  bans: '{user.id}',
  roles: '{role.id}',
  webhooks: '{webhook.id}',
  applications: '{application.id}',
  commands: '{command.id}',
  interactions: '{interaction.id}',
  threads: '{thread.id}',
  emojis: '{emoji.id}',
  stickers: '{sticker.id}',
  invites: '{invite.code}',
  reactions: '{emoji}',
  permissions: '{overwrite.id}',
  'scheduled-events': '{event.id}',
  templates: '{template.code}',
  integrations: '{integration.id}',
};

const SNOWFLAKE = /^\d{15,21}$/;
const DIGITS = /^\d+$/;
// Collections whose parameter is not a number (an emoji, an invite or template code).
const NON_NUMERIC_PARAM = new Set(['reactions', 'invites', 'templates']);
// Tokens that follow an id (webhook and interaction tokens) are secrets.
const TOKEN_AFTER = new Set(['{webhook.id}', '{interaction.id}']);
const KEEP = new Set(['@me', '@original']);

export interface DiscordRoute {
  /** The templated route, e.g. `/channels/{channel.id}/messages`. */
  template: string;
  guildId?: string;
  channelId?: string;
}

/** Templates a Discord API path (with or without `/api/v10` and a query string). */
export function templateDiscordRoute(endpoint: string): DiscordRoute {
  let path = endpoint;
  try {
    if (/^[a-z]+:\/\//i.test(endpoint)) path = new URL(endpoint).pathname;
  } catch {
    // keep as given
  }
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  path = path.replace(/^\/?api(\/v\d+)?(?=\/|$)/, '');
  const segments = path.split('/').filter((s) => s !== '');
  const out: string[] = [];
  const route: DiscordRoute = { template: '' };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const previous = segments[i - 1];
    const previousOut = out[out.length - 1];
    if (KEEP.has(segment)) {
      out.push(segment);
    } else if (previousOut !== undefined && TOKEN_AFTER.has(previousOut)) {
      out.push(previousOut === '{webhook.id}' ? '{webhook.token}' : '{interaction.token}');
    } else if (previous !== undefined && PARAM_AFTER[previous] && (DIGITS.test(segment) || NON_NUMERIC_PARAM.has(previous))) {
      const placeholder = PARAM_AFTER[previous]!;
      if (placeholder === '{guild.id}') route.guildId = segment;
      if (placeholder === '{channel.id}') route.channelId = segment;
      out.push(placeholder);
    } else if (SNOWFLAKE.test(segment)) {
      out.push('{id}');
    } else {
      out.push(segment);
    }
  }
  route.template = `/${out.join('/')}`;
  return route;
}
