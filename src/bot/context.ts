import type { Context } from 'grammy';
import type { Logger } from 'pino';
import type { VitrinaClient } from '../client/graphql-client.js';

/** What every handler gets besides grammY's context: a logger and the API acting for this user. */
export type BotFlavor = {
  /** Carries the update id (and the Telegram user) on every line. */
  log: Logger;
  /** The vitrina API as `telegram:<user id>` of this update's sender. */
  vitrina: VitrinaClient;
};

export type BotContext = Context & BotFlavor;

/** A client acting for one end user (`telegram:<id>`). */
export type ApiFactory = (endUser: string) => VitrinaClient;

export const endUserOf = (telegramUserId: number): string => `telegram:${telegramUserId}`;
