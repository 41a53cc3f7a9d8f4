/**
 * The part of the SARIF 2.1.0 schema (OASIS, errata 01) that the export uses, written out for
 * an offline check: the same required properties, enumerations and patterns, and, as in the
 * official schema, no properties beyond those it defines (`additionalProperties: false`), so
 * that a stray field fails here as it would fail a strict SARIF validator. Objects the export
 * never writes are not described; using one would fail this check, which is the point.
 */
const propertyBag = {
  type: 'object',
  additionalProperties: true,
  properties: {
    tags: { type: 'array', uniqueItems: true, items: { type: 'string' } },
  },
};

const strict = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  properties: { ...properties, properties: { $ref: '#/definitions/propertyBag' } },
  required,
});

export const SARIF_SUBSET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  ...strict(
    {
      $schema: { type: 'string', format: 'uri' },
      version: { enum: ['2.1.0'] },
      runs: { type: 'array', items: { $ref: '#/definitions/run' } },
    },
    ['version', 'runs'],
  ),
  definitions: {
    propertyBag,
    message: {
      ...strict({
        text: { type: 'string' },
        markdown: { type: 'string' },
        id: { type: 'string' },
        arguments: { type: 'array', items: { type: 'string' } },
      }),
      anyOf: [{ required: ['text'] }, { required: ['id'] }],
    },
    multiformatMessageString: strict({ text: { type: 'string' }, markdown: { type: 'string' } }, [
      'text',
    ]),
    reportingConfiguration: strict({
      enabled: { type: 'boolean' },
      level: { enum: ['none', 'note', 'warning', 'error'] },
      rank: { type: 'number', minimum: -1, maximum: 100 },
      parameters: { $ref: '#/definitions/propertyBag' },
    }),
    reportingDescriptor: strict(
      {
        id: { type: 'string' },
        name: { type: 'string' },
        shortDescription: { $ref: '#/definitions/multiformatMessageString' },
        fullDescription: { $ref: '#/definitions/multiformatMessageString' },
        help: { $ref: '#/definitions/multiformatMessageString' },
        helpUri: { type: 'string', format: 'uri' },
        defaultConfiguration: { $ref: '#/definitions/reportingConfiguration' },
      },
      ['id'],
    ),
    toolComponent: strict(
      {
        name: { type: 'string' },
        version: { type: 'string' },
        semanticVersion: { type: 'string' },
        informationUri: { type: 'string', format: 'uri' },
        language: { type: 'string', pattern: '^[a-zA-Z]{2}(-[a-zA-Z]{2})?$' },
        rules: {
          type: 'array',
          uniqueItems: true,
          items: { $ref: '#/definitions/reportingDescriptor' },
        },
      },
      ['name'],
    ),
    tool: strict({ driver: { $ref: '#/definitions/toolComponent' } }, ['driver']),
    artifactLocation: strict({
      uri: { type: 'string', format: 'uri-reference' },
      uriBaseId: { type: 'string' },
      index: { type: 'integer', minimum: -1 },
      description: { $ref: '#/definitions/message' },
    }),
    artifact: strict({
      location: { $ref: '#/definitions/artifactLocation' },
      roles: {
        type: 'array',
        uniqueItems: true,
        items: { enum: ['analysisTarget', 'attachment', 'resultFile', 'referencedOnCommandLine'] },
      },
      mimeType: { type: 'string', pattern: '[^/]+/.+' },
    }),
    physicalLocation: {
      ...strict({ artifactLocation: { $ref: '#/definitions/artifactLocation' } }),
      anyOf: [{ required: ['artifactLocation'] }],
    },
    logicalLocation: strict({
      name: { type: 'string' },
      index: { type: 'integer', minimum: -1 },
      fullyQualifiedName: { type: 'string' },
      decoratedName: { type: 'string' },
      parentIndex: { type: 'integer', minimum: -1 },
      kind: { type: 'string' },
    }),
    location: strict({
      id: { type: 'integer', minimum: -1 },
      physicalLocation: { $ref: '#/definitions/physicalLocation' },
      logicalLocations: {
        type: 'array',
        uniqueItems: true,
        items: { $ref: '#/definitions/logicalLocation' },
      },
      message: { $ref: '#/definitions/message' },
    }),
    resultProvenance: strict({
      firstDetectionTimeUtc: { type: 'string', format: 'date-time' },
      lastDetectionTimeUtc: { type: 'string', format: 'date-time' },
      invocationIndex: { type: 'integer', minimum: -1 },
    }),
    result: strict(
      {
        ruleId: { type: 'string' },
        ruleIndex: { type: 'integer', minimum: -1 },
        kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] },
        level: { enum: ['none', 'note', 'warning', 'error'] },
        message: { $ref: '#/definitions/message' },
        locations: { type: 'array', items: { $ref: '#/definitions/location' } },
        partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        fingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        provenance: { $ref: '#/definitions/resultProvenance' },
      },
      ['message'],
    ),
    invocation: strict(
      {
        commandLine: { type: 'string' },
        startTimeUtc: { type: 'string', format: 'date-time' },
        endTimeUtc: { type: 'string', format: 'date-time' },
        executionSuccessful: { type: 'boolean' },
      },
      ['executionSuccessful'],
    ),
    run: strict(
      {
        tool: { $ref: '#/definitions/tool' },
        invocations: { type: 'array', items: { $ref: '#/definitions/invocation' } },
        artifacts: { type: 'array', uniqueItems: true, items: { $ref: '#/definitions/artifact' } },
        results: { type: 'array', items: { $ref: '#/definitions/result' } },
        language: { type: 'string', pattern: '^[a-zA-Z]{2}(-[a-zA-Z]{2})?$' },
        columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
      },
      ['tool'],
    ),
  },
} as const;
