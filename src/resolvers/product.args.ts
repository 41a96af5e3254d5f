import { IsOptional, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class ProductsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  @Min(1)
  @Max(100)
  first: number;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @IsOptional()
  @Length(1, 200)
  after?: string | null;

  @Field(() => String, { nullable: true, description: 'Only products in this category.' })
  @IsOptional()
  @Length(0, 100)
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Only products whose name contains this text.' })
  @IsOptional()
  @Length(1, 300)
  name?: string | null;
}
