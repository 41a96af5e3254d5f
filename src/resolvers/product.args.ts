import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from './page.args.js';

@ArgsType()
export class ProductsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only products in this category.' })
  @IsOptional()
  @Length(0, 100)
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Only products whose name contains this text.' })
  @IsOptional()
  @Length(1, 300)
  name?: string | null;
}
