import { registerEnumType } from 'type-graphql';

/** GraphQL names are upper case; stored values are the entity's lower-case roles. */
export enum RoleEnum {
  ADMIN = 'admin',
  SERVICE = 'service',
  USER = 'user',
}

registerEnumType(RoleEnum, {
  name: 'Role',
  description:
    'What an API key may do: `USER` searches and gives feedback, `SERVICE` may act for end users, `ADMIN` may do everything.',
});
