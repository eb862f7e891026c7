/** DescribeConfigs (key 32), versions 0-3. */
import { array, bool, int8, int16, int32, string, struct } from '../schema';

export const describeConfigs = {
  request: struct({
    resources: array(
      struct({
        resourceType: int8(),
        resourceName: string(),
        configurationKeys: array(string(), { nullable: '0+' }),
      }),
    ),
    includeSynonyms: bool({ v: '1+', default: false }),
    includeDocumentation: bool({ v: '3+', default: false }),
  }),
  response: struct({
    throttleTimeMs: int32(),
    results: array(
      struct({
        errorCode: int16(),
        errorMessage: string({ nullable: '0+' }),
        resourceType: int8(),
        resourceName: string(),
        configs: array(
          struct({
            name: string(),
            value: string({ nullable: '0+' }),
            readOnly: bool(),
            isDefault: bool({ v: '0' }),
            configSource: int8({ v: '1+', default: -1 }),
            isSensitive: bool(),
            synonyms: array(
              struct({
                name: string({ v: '1+' }),
                value: string({ v: '1+', nullable: '0+' }),
                source: int8({ v: '1+' }),
              }),
              { v: '1+' },
            ),
            configType: int8({ v: '3+', default: 0 }),
            documentation: string({ v: '3+', nullable: '0+' }),
          }),
        ),
      }),
    ),
  }),
};
