/** Custom scalars from graphql-scalars: Date (RFC 3339 full-date), DateTime, JSON. */
import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { GraphQLScalarType } from 'graphql';

/** Dates are stored as ISO `YYYY-MM-DD` text; serialize them as they are, validated by graphql-scalars. */
const IsoDate = new GraphQLScalarType({
  ...DateResolver.toConfig(),
  serialize(value) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    return DateResolver.serialize(value);
  },
});

export const scalarResolvers = { Date: IsoDate, DateTime: DateTimeResolver, JSON: JSONResolver };
