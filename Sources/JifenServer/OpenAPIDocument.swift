/// The OpenAPI 3.1 description of the JSON API, served at `/openapi.json`. The route tests check
/// that every path it lists answers and that the server has no API route it leaves out.
enum OpenAPIDocument {
    static let text = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "jifen API",
    "version": "1",
    "description": "Residence-permit points (居住证积分): scoring, comparison and planning against cited rule books. Every answer is a simulation, not an official result; each score card names its edition and verification status. Profiles are never stored or logged."
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8080"
    }
  ],
  "paths": {
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "Liveness: the rule books are loaded.",
        "responses": {
          "200": {
            "description": "Serving.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/score": {
      "post": {
        "operationId": "score",
        "summary": "Score one profile under a city's edition in force (or a named edition), every point explained (`jifen score --format json`).",
        "parameters": [
          {
            "name": "city",
            "in": "query",
            "required": false,
            "description": "City id; one of city or edition is required.",
            "schema": {
              "type": "string",
              "examples": [
                "tianjin"
              ]
            }
          },
          {
            "name": "edition",
            "in": "query",
            "required": false,
            "description": "Edition id, e.g. tianjin/2018 (overrides city).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "Evaluation date (default: today); the edition in force that day is used.",
            "schema": {
              "type": "string",
              "format": "date",
              "examples": [
                "2024-06-01"
              ]
            }
          }
        ],
        "requestBody": {
          "required": true,
          "description": "The profile, as JSON (at most 64 KB).",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Profile"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The score card.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ScoreCard"
                }
              }
            }
          },
          "400": {
            "description": "The body is not a JSON object, not UTF-8, or malformed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "The body is larger than 64 KB.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "A profile field or query parameter is invalid: one sentence naming it (the CLI's message).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/compare": {
      "post": {
        "operationId": "compare",
        "summary": "Score one profile in every city side by side and name the best fit (`jifen compare --format json`).",
        "parameters": [
          {
            "name": "cities",
            "in": "query",
            "required": false,
            "description": "Comma-separated city ids (default: every city with an edition in force).",
            "schema": {
              "type": "string",
              "examples": [
                "hangzhou,tianjin"
              ]
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "Evaluation date (default: today); the edition in force that day is used.",
            "schema": {
              "type": "string",
              "format": "date",
              "examples": [
                "2024-06-01"
              ]
            }
          }
        ],
        "requestBody": {
          "required": true,
          "description": "The profile, as JSON (at most 64 KB).",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Profile"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The comparison.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Comparison"
                }
              }
            }
          },
          "400": {
            "description": "The body is not a JSON object, not UTF-8, or malformed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "The body is larger than 64 KB.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "A profile field or query parameter is invalid: one sentence naming it (the CLI's message).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/plan": {
      "post": {
        "operationId": "plan",
        "summary": "When each city's threshold would be reached, and the actions worth most (`jifen plan --format json`).",
        "parameters": [
          {
            "name": "cities",
            "in": "query",
            "required": false,
            "description": "Comma-separated city ids (default: every city with an edition in force).",
            "schema": {
              "type": "string",
              "examples": [
                "hangzhou,tianjin"
              ]
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "Evaluation date (default: today); the edition in force that day is used.",
            "schema": {
              "type": "string",
              "format": "date",
              "examples": [
                "2024-06-01"
              ]
            }
          },
          {
            "name": "years",
            "in": "query",
            "required": false,
            "description": "Years to look ahead, 0 to 40 (default 10).",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 40
            }
          }
        ],
        "requestBody": {
          "required": true,
          "description": "The profile, as JSON (at most 64 KB).",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Profile"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The plan.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Plan"
                }
              }
            }
          },
          "400": {
            "description": "The body is not a JSON object, not UTF-8, or malformed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "The body is larger than 64 KB.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "A profile field or query parameter is invalid: one sentence naming it (the CLI's message).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/rules": {
      "get": {
        "operationId": "listRules",
        "summary": "Every edition in brief (`jifen rules list --format json`).",
        "responses": {
          "200": {
            "description": "The editions.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/EditionSummary"
                  }
                }
              }
            }
          },
          "422": {
            "description": "A query parameter or edition id is invalid: one sentence naming it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/rules/{city}/{edition}": {
      "get": {
        "operationId": "showRules",
        "summary": "One edition's table with every value's citation, confidence and range (`jifen rules show --format json`).",
        "parameters": [
          {
            "name": "city",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "examples": [
                "tianjin"
              ]
            }
          },
          {
            "name": "edition",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "examples": [
                "2018"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The edition.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RuleTable"
                }
              }
            }
          },
          "422": {
            "description": "A query parameter or edition id is invalid: one sentence naming it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/rules/diff": {
      "get": {
        "operationId": "diffRules",
        "summary": "What differs between two editions, with both citations (`jifen rules diff --format json`).",
        "parameters": [
          {
            "name": "from",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "examples": [
                "tianjin/2018"
              ]
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "examples": [
                "tianjin/2020"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The differences.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EditionDiff"
                }
              }
            }
          },
          "422": {
            "description": "A query parameter or edition id is invalid: one sentence naming it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/rules/matrix": {
      "get": {
        "operationId": "ruleMatrix",
        "summary": "Indicators across editions: the most points each gives and how well sourced (`jifen rules matrix --format json`).",
        "parameters": [
          {
            "name": "editions",
            "in": "query",
            "required": false,
            "description": "Comma-separated edition ids (default: those in force on as_of).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "all",
            "in": "query",
            "required": false,
            "description": "Every edition, oldest first within each city.",
            "schema": {
              "type": "boolean"
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "Evaluation date (default: today); the edition in force that day is used.",
            "schema": {
              "type": "string",
              "format": "date",
              "examples": [
                "2024-06-01"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The matrix.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IndicatorMatrix"
                }
              }
            }
          },
          "422": {
            "description": "A query parameter or edition id is invalid: one sentence naming it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/simulate": {
      "get": {
        "operationId": "simulate",
        "summary": "Monte Carlo: the cutoff score for a quota over many simulated pools (`jifen simulate --format json --no-store`).",
        "parameters": [
          {
            "name": "edition",
            "in": "query",
            "required": true,
            "description": "Edition id; its standard pool model in the server's data is used (the posterior fitted to it when there is one).",
            "schema": {
              "type": "string",
              "examples": [
                "tianjin/2018"
              ]
            }
          },
          {
            "name": "pool",
            "in": "query",
            "required": false,
            "description": "Applicants per pool (default: the model's pool); at most 100000.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100000,
              "examples": [
                3000
              ]
            }
          },
          {
            "name": "replicates",
            "in": "query",
            "required": false,
            "description": "Pools drawn (default 100); at most 200, and pool × replicates at most 2000000.",
            "schema": {
              "type": "integer",
              "minimum": 2,
              "maximum": 200,
              "examples": [
                20
              ]
            }
          },
          {
            "name": "seed",
            "in": "query",
            "required": false,
            "description": "Run seed (default 1): the same seed and inputs give the same document.",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "examples": [
                1
              ]
            }
          },
          {
            "name": "generator",
            "in": "query",
            "required": false,
            "description": "GSL generator (default mt19937).",
            "schema": {
              "type": "string",
              "enum": [
                "mt19937",
                "taus2"
              ]
            }
          },
          {
            "name": "sampling_only",
            "in": "query",
            "required": false,
            "description": "Keep the pool model fixed: the band then covers only the draw of one pool.",
            "schema": {
              "type": "boolean"
            }
          },
          {
            "name": "quota",
            "in": "query",
            "required": true,
            "description": "Places to fill.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "examples": [
                400
              ]
            }
          },
          {
            "name": "rule_uncertainty",
            "in": "query",
            "required": false,
            "description": "Also draw every inferred or assumed rule value from its range, and split the cutoff's variance.",
            "schema": {
              "type": "boolean"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The simulation's summary.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Simulation"
                }
              }
            }
          },
          "413": {
            "description": "A size is past this server's bounds (pool, replicates, quotas, pool × replicates): one sentence naming the bound.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "A query parameter or edition id is invalid: one sentence naming it (the CLI's).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "Another simulation is running on this server; try again in a few seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/quota-curve": {
      "get": {
        "operationId": "quotaCurve",
        "summary": "The cutoff against the quota, every quota on the same pools (`jifen quota-curve --format json --no-store`).",
        "parameters": [
          {
            "name": "edition",
            "in": "query",
            "required": true,
            "description": "Edition id; its standard pool model in the server's data is used (the posterior fitted to it when there is one).",
            "schema": {
              "type": "string",
              "examples": [
                "tianjin/2018"
              ]
            }
          },
          {
            "name": "pool",
            "in": "query",
            "required": false,
            "description": "Applicants per pool (default: the model's pool); at most 100000.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100000,
              "examples": [
                3000
              ]
            }
          },
          {
            "name": "replicates",
            "in": "query",
            "required": false,
            "description": "Pools drawn (default 100); at most 200, and pool × replicates at most 2000000.",
            "schema": {
              "type": "integer",
              "minimum": 2,
              "maximum": 200,
              "examples": [
                20
              ]
            }
          },
          {
            "name": "seed",
            "in": "query",
            "required": false,
            "description": "Run seed (default 1): the same seed and inputs give the same document.",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "examples": [
                1
              ]
            }
          },
          {
            "name": "generator",
            "in": "query",
            "required": false,
            "description": "GSL generator (default mt19937).",
            "schema": {
              "type": "string",
              "enum": [
                "mt19937",
                "taus2"
              ]
            }
          },
          {
            "name": "sampling_only",
            "in": "query",
            "required": false,
            "description": "Keep the pool model fixed: the band then covers only the draw of one pool.",
            "schema": {
              "type": "boolean"
            }
          },
          {
            "name": "quotas",
            "in": "query",
            "required": true,
            "description": "FROM:TO:STEP with 1 ≤ FROM ≤ TO and STEP > 0; at most 50 quotas.",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]+:[0-9]+:[0-9]+$",
              "examples": [
                "200:1200:200"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The curve.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/QuotaCurve"
                }
              }
            }
          },
          "413": {
            "description": "A size is past this server's bounds (pool, replicates, quotas, pool × replicates): one sentence naming the bound.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "A query parameter or edition id is invalid: one sentence naming it (the CLI's).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "Another simulation is running on this server; try again in a few seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/rank": {
      "post": {
        "operationId": "rank",
        "summary": "Rank an applicant list: who is admitted, the cutoff, why the others are not eligible (`jifen rank --format json`).",
        "parameters": [
          {
            "name": "edition",
            "in": "query",
            "required": true,
            "description": "Edition id.",
            "schema": {
              "type": "string",
              "examples": [
                "tianjin/2018"
              ]
            }
          },
          {
            "name": "quota",
            "in": "query",
            "required": true,
            "description": "Places to fill.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "examples": [
                50
              ]
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "Evaluation date (default: today).",
            "schema": {
              "type": "string",
              "format": "date",
              "examples": [
                "2019-06-01"
              ]
            }
          }
        ],
        "requestBody": {
          "required": true,
          "description": "The applicant list as CSV: `id` and the profile's dotted paths as columns (docs/batch.md); at most 2 MB.",
          "content": {
            "text/csv": {
              "schema": {
                "type": "string"
              },
              "example": "id,birth_date,education.level,places.tianjin.insured_months,places.tianjin.employed\na1,1990-01-01,bachelor,60,true\n"
            }
          }
        },
        "responses": {
          "200": {
            "description": "The ranking.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Ranking"
                }
              }
            }
          },
          "400": {
            "description": "The body is empty or not UTF-8 text.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "The list is larger than 2 MB.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "A parameter, the header or a cell is invalid: one sentence naming the line and column (the CLI's).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "Another simulation is running on this server; try again in a few seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Confidence": {
        "enum": [
          "verbatim",
          "paraphrased",
          "inferred",
          "assumed"
        ]
      },
      "Range": {
        "oneOf": [
          {
            "type": "null"
          },
          {
            "type": "array",
            "items": {
              "type": "number"
            },
            "minItems": 2,
            "maxItems": 2
          }
        ]
      },
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "additionalProperties": false,
        "properties": {
          "error": {
            "type": "string",
            "description": "One sentence naming the field, parameter or body and what was expected (the CLI's message)."
          }
        }
      },
      "Profile": {
        "type": "object",
        "additionalProperties": false,
        "description": "A profile: the same document as a profile file for `--profile` (docs/profile.md), as JSON. Every field is optional; an omitted field is missing, not zero.",
        "properties": {
          "birth_date": {
            "type": "string",
            "format": "date",
            "examples": [
              "2024-06-01"
            ]
          },
          "education": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "level": {
                "enum": [
                  "none",
                  "junior_high",
                  "senior_high",
                  "secondary_vocational",
                  "junior_college",
                  "bachelor",
                  "master",
                  "doctor"
                ]
              },
              "full_time": {
                "type": "boolean"
              },
              "diploma": {
                "type": "boolean"
              },
              "degree": {
                "type": "boolean"
              },
              "foreign_certified": {
                "type": "boolean"
              }
            }
          },
          "title": {
            "enum": [
              "none",
              "junior",
              "intermediate",
              "associate_senior",
              "senior"
            ]
          },
          "skill": {
            "enum": [
              "none",
              "level5",
              "level4",
              "level3",
              "level2",
              "level1"
            ]
          },
          "married": {
            "type": "boolean"
          },
          "spouse": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "place": {
                "type": "string"
              },
              "insured_months": {
                "type": "integer",
                "minimum": 0,
                "maximum": 1200
              }
            }
          },
          "places": {
            "type": "object",
            "additionalProperties": {
              "$ref": "#/components/schemas/Place"
            },
            "propertyNames": {
              "pattern": "^[a-z0-9_]+$"
            }
          },
          "awards": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "kind",
                "date"
              ],
              "additionalProperties": false,
              "properties": {
                "level": {
                  "enum": [
                    "national",
                    "provincial",
                    "municipal",
                    "district"
                  ]
                },
                "kind": {
                  "enum": [
                    "honour",
                    "skills_contest",
                    "veteran_merit"
                  ]
                },
                "rank": {
                  "type": "integer",
                  "minimum": 1
                },
                "contest_class": {
                  "type": "integer"
                },
                "grade": {
                  "enum": [
                    "first",
                    "second",
                    "third"
                  ]
                },
                "date": {
                  "type": "string",
                  "format": "date",
                  "examples": [
                    "2024-06-01"
                  ]
                }
              }
            }
          },
          "invention_patents": {
            "type": "integer",
            "minimum": 0
          },
          "stem_cell_donation": {
            "type": "boolean"
          },
          "blood_donation_cc": {
            "type": "number",
            "minimum": 0
          },
          "volunteer_hours": {
            "type": "number",
            "minimum": 0
          },
          "donation_yuan": {
            "type": "number",
            "minimum": 0
          },
          "conduct": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "kind",
                "date"
              ],
              "additionalProperties": false,
              "properties": {
                "kind": {
                  "enum": [
                    "serious_crime",
                    "crime",
                    "drug_rehab",
                    "admin_detention",
                    "judicial_detention",
                    "credit_default",
                    "serious_dishonesty",
                    "false_information",
                    "family_planning",
                    "traffic_serious",
                    "banned_organisation"
                  ]
                },
                "date": {
                  "type": "string",
                  "format": "date",
                  "examples": [
                    "2024-06-01"
                  ]
                },
                "place": {
                  "type": "string"
                }
              }
            }
          }
        },
        "examples": [
          {
            "birth_date": "2000-05-12",
            "education": {
              "level": "bachelor",
              "full_time": true,
              "diploma": true,
              "degree": true
            },
            "title": "none",
            "skill": "none",
            "married": false,
            "places": {
              "hangzhou": {
                "insured_months": 52,
                "provident_fund_months": 52,
                "residence_months": 52,
                "employed": true,
                "employed_months": 52,
                "employer_months": 20,
                "rented_months": 50,
                "settle_district": "xihu"
              }
            },
            "volunteer_hours": 30
          }
        ]
      },
      "Place": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "insured_months": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1200
          },
          "insurance_months": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "pension": {
                "type": "integer",
                "minimum": 0,
                "maximum": 1200
              },
              "medical": {
                "type": "integer",
                "minimum": 0,
                "maximum": 1200
              },
              "unemployment": {
                "type": "integer",
                "minimum": 0,
                "maximum": 1200
              },
              "injury": {
                "type": "integer",
                "minimum": 0,
                "maximum": 1200
              },
              "maternity": {
                "type": "integer",
                "minimum": 0,
                "maximum": 1200
              }
            }
          },
          "provident_fund_months": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1200
          },
          "residence_months": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1200
          },
          "permit_endorsements": {
            "type": "integer",
            "minimum": 0
          },
          "employed": {
            "type": "boolean"
          },
          "employed_months": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1200
          },
          "employer_months": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1200
          },
          "home": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "district": {
                "type": "string"
              },
              "since": {
                "type": "string",
                "format": "date",
                "examples": [
                  "2024-06-01"
                ]
              },
              "off_plan": {
                "type": "boolean"
              }
            }
          },
          "rented_months": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1200
          },
          "settle_district": {
            "type": "string"
          },
          "occupation_tier": {
            "enum": [
              "none",
              "general",
              "short",
              "very_short"
            ]
          },
          "income_tax_yuan": {
            "type": "number",
            "minimum": 0
          },
          "invested_enterprise": {
            "type": "boolean"
          }
        }
      },
      "ScoreLine": {
        "type": "object",
        "required": [
          "indicator",
          "name",
          "category",
          "group",
          "points",
          "raw_points",
          "inputs",
          "rule",
          "detail",
          "citation",
          "assumptions"
        ],
        "properties": {
          "indicator": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "name_zh": {
            "type": [
              "string",
              "null"
            ]
          },
          "category": {
            "type": "string"
          },
          "group": {
            "type": "string"
          },
          "points": {
            "type": "number"
          },
          "raw_points": {
            "type": "number"
          },
          "inputs": {
            "type": "object"
          },
          "rule": {
            "type": "string"
          },
          "detail": {
            "type": "string"
          },
          "citation": {
            "type": "object",
            "required": [
              "source",
              "clause",
              "confidence"
            ],
            "properties": {
              "source": {
                "type": "string"
              },
              "document": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "clause": {
                "type": "string"
              },
              "confidence": {
                "$ref": "#/components/schemas/Confidence"
              }
            }
          },
          "assumptions": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "path",
                "value",
                "range",
                "confidence"
              ],
              "properties": {
                "path": {
                  "type": "string"
                },
                "value": {
                  "type": "number"
                },
                "range": {
                  "$ref": "#/components/schemas/Range"
                },
                "confidence": {
                  "$ref": "#/components/schemas/Confidence"
                },
                "note": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          },
          "note": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "ScoreCard": {
        "type": "object",
        "required": [
          "edition",
          "city",
          "as_of",
          "total",
          "eligible",
          "ineligible_reasons",
          "vetoed",
          "veto_reasons",
          "threshold",
          "gap",
          "categories",
          "lines",
          "missing",
          "tie_break",
          "assumptions_used",
          "reform",
          "verification",
          "disclaimer"
        ],
        "properties": {
          "edition": {
            "type": "string"
          },
          "city": {
            "type": "string"
          },
          "as_of": {
            "type": "string",
            "format": "date",
            "examples": [
              "2024-06-01"
            ]
          },
          "total": {
            "type": "number"
          },
          "eligible": {
            "type": "boolean"
          },
          "ineligible_reasons": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "vetoed": {
            "type": "boolean"
          },
          "veto_reasons": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "threshold": {
            "type": [
              "number",
              "null"
            ]
          },
          "gap": {
            "type": "number"
          },
          "categories": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "id",
                "name",
                "points"
              ],
              "properties": {
                "id": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "name_zh": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "points": {
                  "type": "number"
                }
              }
            }
          },
          "lines": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ScoreLine"
            }
          },
          "missing": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "tie_break": {
            "type": "object",
            "required": [
              "keys",
              "values"
            ],
            "properties": {
              "keys": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "values": {
                "type": "array",
                "items": {
                  "type": "number"
                }
              }
            }
          },
          "assumptions_used": {
            "type": "integer"
          },
          "reform": {
            "type": [
              "string",
              "null"
            ]
          },
          "verification": {
            "type": "string"
          },
          "disclaimer": {
            "type": "string"
          }
        }
      },
      "Comparison": {
        "type": "object",
        "required": [
          "as_of",
          "cities",
          "best",
          "reason",
          "disclaimer"
        ],
        "properties": {
          "as_of": {
            "type": "string",
            "format": "date",
            "examples": [
              "2024-06-01"
            ]
          },
          "cities": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ScoreCard"
            }
          },
          "best": {
            "type": [
              "string",
              "null"
            ]
          },
          "reason": {
            "type": "string"
          },
          "disclaimer": {
            "type": "string"
          }
        }
      },
      "Plan": {
        "type": "object",
        "required": [
          "as_of",
          "years",
          "assumptions",
          "cities",
          "disclaimer"
        ],
        "properties": {
          "as_of": {
            "type": "string",
            "format": "date",
            "examples": [
              "2024-06-01"
            ]
          },
          "years": {
            "type": "integer"
          },
          "assumptions": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "disclaimer": {
            "type": "string"
          },
          "cities": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "city",
                "edition_now",
                "total_now",
                "eligible_now",
                "threshold",
                "reached",
                "eligible_then",
                "still_needed",
                "months",
                "edition_then",
                "total_then",
                "actions"
              ],
              "properties": {
                "city": {
                  "type": "string"
                },
                "edition_now": {
                  "type": "string"
                },
                "total_now": {
                  "type": "number"
                },
                "eligible_now": {
                  "type": "boolean"
                },
                "threshold": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "reached": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "eligible_then": {
                  "type": "boolean"
                },
                "still_needed": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "months": {
                  "type": [
                    "integer",
                    "null"
                  ]
                },
                "edition_then": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "total_then": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "actions": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": [
                      "action",
                      "action_zh",
                      "gain"
                    ],
                    "properties": {
                      "action": {
                        "type": "string"
                      },
                      "action_zh": {
                        "type": "string"
                      },
                      "gain": {
                        "type": "number"
                      }
                    }
                  }
                }
              }
            }
          }
        }
      },
      "EditionSummary": {
        "type": "object",
        "required": [
          "id",
          "city",
          "title",
          "from",
          "to",
          "indicators",
          "threshold",
          "assumed_values",
          "verification"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "city": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "from": {
            "type": "string",
            "format": "date",
            "examples": [
              "2024-06-01"
            ]
          },
          "to": {
            "type": [
              "string",
              "null"
            ]
          },
          "indicators": {
            "type": "integer"
          },
          "threshold": {
            "type": [
              "number",
              "null"
            ]
          },
          "assumed_values": {
            "type": "integer"
          },
          "verification": {
            "type": "string"
          }
        }
      },
      "RuleTable": {
        "type": "object",
        "required": [
          "id",
          "city",
          "title",
          "from",
          "to",
          "verification",
          "content_hash",
          "indicators",
          "parameters",
          "sources"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "city": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "title_zh": {
            "type": [
              "string",
              "null"
            ]
          },
          "from": {
            "type": "string",
            "format": "date",
            "examples": [
              "2024-06-01"
            ]
          },
          "to": {
            "type": [
              "string",
              "null"
            ]
          },
          "extends": {
            "type": [
              "string",
              "null"
            ]
          },
          "verification": {
            "type": "string"
          },
          "content_hash": {
            "type": "string"
          },
          "indicators": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "id",
                "name",
                "group",
                "kind",
                "rule",
                "values",
                "source",
                "clause",
                "confidence"
              ],
              "properties": {
                "id": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "name_zh": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "group": {
                  "type": "string"
                },
                "kind": {
                  "type": "string"
                },
                "rule": {
                  "type": "string"
                },
                "values": {
                  "type": "string"
                },
                "source": {
                  "type": "string"
                },
                "clause": {
                  "type": "string"
                },
                "confidence": {
                  "$ref": "#/components/schemas/Confidence"
                }
              }
            }
          },
          "parameters": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "path",
                "value",
                "source",
                "clause",
                "confidence",
                "range",
                "note"
              ],
              "properties": {
                "path": {
                  "type": "string"
                },
                "value": {
                  "type": "number"
                },
                "source": {
                  "type": "string"
                },
                "clause": {
                  "type": "string"
                },
                "confidence": {
                  "$ref": "#/components/schemas/Confidence"
                },
                "range": {
                  "$ref": "#/components/schemas/Range"
                },
                "note": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          },
          "sources": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "id",
                "title_en"
              ],
              "properties": {
                "id": {
                  "type": "string"
                },
                "title": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "title_en": {
                  "type": "string"
                },
                "issuer": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "number": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "published": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "url": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "commit": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "site": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "retrieved": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "kind": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "language": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "covers": {
                  "type": [
                    "array",
                    "null"
                  ],
                  "items": {
                    "type": "string"
                  }
                },
                "note": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          }
        }
      },
      "EditionDiff": {
        "type": "object",
        "required": [
          "from",
          "to",
          "across_cities",
          "entries"
        ],
        "properties": {
          "from": {
            "type": "string"
          },
          "to": {
            "type": "string"
          },
          "across_cities": {
            "type": "boolean"
          },
          "entries": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "section",
                "key",
                "change",
                "before",
                "after"
              ],
              "properties": {
                "section": {
                  "enum": [
                    "threshold",
                    "floor",
                    "group",
                    "indicator",
                    "value",
                    "eligibility",
                    "veto",
                    "tie_break"
                  ]
                },
                "key": {
                  "type": "string"
                },
                "change": {
                  "enum": [
                    "added",
                    "dropped",
                    "changed",
                    "relabelled"
                  ]
                },
                "before": {
                  "type": [
                    "object",
                    "null"
                  ],
                  "required": [
                    "text",
                    "source",
                    "clause",
                    "confidence",
                    "range"
                  ],
                  "properties": {
                    "text": {
                      "type": "string"
                    },
                    "source": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "clause": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "confidence": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "range": {
                      "$ref": "#/components/schemas/Range"
                    }
                  }
                },
                "after": {
                  "type": [
                    "object",
                    "null"
                  ],
                  "required": [
                    "text",
                    "source",
                    "clause",
                    "confidence",
                    "range"
                  ],
                  "properties": {
                    "text": {
                      "type": "string"
                    },
                    "source": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "clause": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "confidence": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "range": {
                      "$ref": "#/components/schemas/Range"
                    }
                  }
                }
              }
            }
          }
        }
      },
      "IndicatorMatrix": {
        "type": "object",
        "required": [
          "editions",
          "rows"
        ],
        "properties": {
          "editions": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "rows": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "indicator",
                "name",
                "name_zh",
                "cells"
              ],
              "properties": {
                "indicator": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "name_zh": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "cells": {
                  "type": "array",
                  "items": {
                    "oneOf": [
                      {
                        "type": "null"
                      },
                      {
                        "type": "object",
                        "required": [
                          "kind",
                          "group",
                          "most",
                          "confidence",
                          "assumed_values",
                          "source",
                          "rule"
                        ],
                        "properties": {
                          "kind": {
                            "type": "string"
                          },
                          "group": {
                            "type": "string"
                          },
                          "most": {
                            "type": [
                              "number",
                              "null"
                            ]
                          },
                          "confidence": {
                            "$ref": "#/components/schemas/Confidence"
                          },
                          "assumed_values": {
                            "type": "integer"
                          },
                          "source": {
                            "type": "string"
                          },
                          "rule": {
                            "type": "string"
                          }
                        }
                      }
                    ]
                  }
                }
              }
            }
          }
        }
      },
      "Health": {
        "type": "object",
        "required": [
          "status",
          "editions"
        ],
        "properties": {
          "status": {
            "const": "ok"
          },
          "editions": {
            "type": "integer"
          }
        }
      },
      "ReplicateSummary": {
        "type": [
          "object",
          "null"
        ],
        "required": [
          "mean",
          "median",
          "p05",
          "p95",
          "min",
          "max",
          "replicates"
        ],
        "properties": {
          "mean": {
            "type": "number"
          },
          "median": {
            "type": "number"
          },
          "p05": {
            "type": "number"
          },
          "p95": {
            "type": "number"
          },
          "min": {
            "type": "number"
          },
          "max": {
            "type": "number"
          },
          "replicates": {
            "type": "integer"
          }
        },
        "description": "Across replicates: mean, median, 5% and 95% quantiles, min and max; null when no replicate has a value."
      },
      "Simulation": {
        "type": "object",
        "required": [
          "edition",
          "population",
          "pool",
          "quota",
          "replicates",
          "seed",
          "generator",
          "cutoff",
          "interval",
          "band_covers",
          "variance",
          "notes",
          "tie_mass",
          "eligible",
          "cutoff_percentile",
          "admitted_scores",
          "unfilled_replicates",
          "disclaimer",
          "run_id"
        ],
        "properties": {
          "edition": {
            "type": "string"
          },
          "population": {
            "type": "string",
            "description": "The pool model or posterior file used."
          },
          "pool": {
            "oneOf": [
              {
                "type": "integer"
              },
              {
                "const": "drawn"
              }
            ],
            "description": "Applicants per pool, or `drawn` when each group of replicates draws its own size."
          },
          "quota": {
            "type": "integer"
          },
          "replicates": {
            "type": "integer"
          },
          "seed": {
            "type": "integer"
          },
          "generator": {
            "type": "string"
          },
          "cutoff": {
            "$ref": "#/components/schemas/ReplicateSummary"
          },
          "interval": {
            "type": "string",
            "description": "What p05/p95 are and what the band covers, in words."
          },
          "band_covers": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "variance": {
            "type": [
              "object",
              "null"
            ],
            "description": "The cutoff's variance split into sampling, pool model and rules (null for a sampling-only run)."
          },
          "notes": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "tie_mass": {
            "$ref": "#/components/schemas/ReplicateSummary"
          },
          "eligible": {
            "$ref": "#/components/schemas/ReplicateSummary"
          },
          "cutoff_percentile": {
            "type": "object",
            "properties": {
              "pool": {
                "$ref": "#/components/schemas/ReplicateSummary"
              },
              "eligible": {
                "$ref": "#/components/schemas/ReplicateSummary"
              }
            }
          },
          "admitted_scores": {
            "type": "object",
            "properties": {
              "mean": {
                "$ref": "#/components/schemas/ReplicateSummary"
              },
              "q25": {
                "$ref": "#/components/schemas/ReplicateSummary"
              },
              "median": {
                "$ref": "#/components/schemas/ReplicateSummary"
              },
              "q75": {
                "$ref": "#/components/schemas/ReplicateSummary"
              },
              "max": {
                "$ref": "#/components/schemas/ReplicateSummary"
              }
            }
          },
          "unfilled_replicates": {
            "type": "integer"
          },
          "disclaimer": {
            "type": "string"
          },
          "run_id": {
            "type": "null",
            "description": "Always null: the server records no API run."
          }
        }
      },
      "QuotaCurve": {
        "type": "object",
        "required": [
          "edition",
          "population",
          "pool",
          "replicates",
          "seed",
          "generator",
          "points",
          "slope_per_1000",
          "slope_definition",
          "interval",
          "band_covers",
          "notes",
          "disclaimer",
          "run_id"
        ],
        "properties": {
          "edition": {
            "type": "string"
          },
          "population": {
            "type": "string"
          },
          "pool": {
            "type": "integer"
          },
          "replicates": {
            "type": "integer"
          },
          "seed": {
            "type": "integer"
          },
          "generator": {
            "type": "string"
          },
          "points": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "quota",
                "median",
                "mean",
                "p05",
                "p95",
                "unfilled",
                "unfilled_share",
                "slope_per_1000"
              ],
              "properties": {
                "quota": {
                  "type": "integer"
                },
                "median": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "mean": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "p05": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "p95": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "unfilled": {
                  "type": "boolean"
                },
                "unfilled_share": {
                  "type": "number"
                },
                "slope_per_1000": {
                  "type": [
                    "number",
                    "null"
                  ]
                }
              }
            }
          },
          "slope_per_1000": {
            "type": [
              "number",
              "null"
            ]
          },
          "slope_definition": {
            "type": "string"
          },
          "interval": {
            "type": "string"
          },
          "band_covers": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "notes": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "disclaimer": {
            "type": "string"
          },
          "run_id": {
            "type": "null"
          }
        }
      },
      "Ranking": {
        "type": "object",
        "required": [
          "edition",
          "as_of",
          "quota",
          "applicants",
          "eligible",
          "admitted",
          "cutoff",
          "tie_mass",
          "admitted_at_cutoff",
          "tie_break",
          "admitted_ids",
          "ineligible",
          "disclaimer"
        ],
        "properties": {
          "edition": {
            "type": "string"
          },
          "as_of": {
            "type": "string",
            "format": "date"
          },
          "quota": {
            "type": "integer"
          },
          "applicants": {
            "type": "integer"
          },
          "eligible": {
            "type": "integer"
          },
          "admitted": {
            "type": "integer"
          },
          "cutoff": {
            "type": [
              "number",
              "null"
            ],
            "description": "The last admitted applicant's total; null when nobody is eligible."
          },
          "tie_mass": {
            "type": "integer"
          },
          "admitted_at_cutoff": {
            "type": "integer"
          },
          "tie_break": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "admitted_ids": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "In the official order."
          },
          "ineligible": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "reason",
                "count"
              ],
              "properties": {
                "reason": {
                  "type": "string"
                },
                "count": {
                  "type": "integer"
                }
              }
            }
          },
          "disclaimer": {
            "type": "string"
          }
        }
      }
    }
  }
}

"""#
}
