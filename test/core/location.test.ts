import { AZURE_REGIONS, AZURE_REGIONS_AS_OF, AZURE_REGIONS_SOURCE, closestRegions, isAzureRegion, locationProblem, normalizeLocation } from "../../src/core";

const LISTED = Object.entries(AZURE_REGIONS);

describe("AZURE_REGIONS", () => {
  test("is dated and names its source", () => {
    expect(AZURE_REGIONS_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(AZURE_REGIONS_SOURCE).toMatch(/Azure Resource Manager locations API/);
  });

  test("holds the newer public-cloud regions, and no logical or sovereign-cloud location", () => {
    const newer = ["newzealandnorth", "italynorth", "polandcentral", "spaincentral", "mexicocentral", "israelcentral", "indonesiacentral", "malaysiawest", "chilecentral", "austriaeast", "belgiumcentral", "denmarkeast"];
    for (const region of newer) expect(Object.keys(AZURE_REGIONS)).toContain(region);
    for (const location of ["global", "europe", "unitedstates", "usgovvirginia", "chinaeast2"]) expect(Object.keys(AZURE_REGIONS)).not.toContain(location);
  });

  test("each short name is its display name normalized", () => {
    for (const [name, display] of LISTED) expect(normalizeLocation(display)).toBe(name);
  });
});

describe("locationProblem", () => {
  test.each(LISTED)("accepts %s and its display name %s", (name, display) => {
    expect(locationProblem("location", name)).toBeUndefined();
    expect(locationProblem("location", display)).toBeUndefined();
    expect(isAzureRegion(name)).toBe(true);
  });

  test.each(["East US 2", "east us 2", "EASTUS2", "Sweden  Central", " West Europe "])("accepts the display-name form %j", (location) => {
    expect(locationProblem("location", location)).toBeUndefined();
  });

  test.each([
    ["westeurop", '"westeurope"'],
    ["westuerope", '"westeurope"'],
    ["swedencentrl", '"swedencentral"'],
    ["eastus22", '"eastus2" or "eastus"'],
    ["eastus4", '"eastus" or "eastus2"'],
    ["germanywest", '"germanywestcentral"'],
    ["sweden", '"swedencentral"'],
    ["West Europ", '"West Europe"'],
    ["Swedn Central", '"Sweden Central"'],
  ])("a typo %j gets the closest names: %s", (location, suggestion) => {
    expect(locationProblem("preferredRegions[0]", location)).toBe(
      `preferredRegions[0] ${JSON.stringify(location)} is not an Azure region; did you mean ${suggestion}? (region list as of ${AZURE_REGIONS_AS_OF}, ${AZURE_REGIONS_SOURCE})`,
    );
  });

  test("at most 3 suggestions, nearest first", () => {
    expect(closestRegions("europe")).toEqual(["westeurope", "northeurope"]);
    expect(closestRegions("eastus3")).toEqual(["eastus", "eastus2", "westus3"]);
    expect(closestRegions("estus", 10)).toEqual(["eastus", "westus", "eastus2", "westus2", "westus3"]);
    expect(closestRegions("estus")).toEqual(["eastus", "westus", "eastus2"]);
    expect(closestRegions("Swedn Central")).toEqual(["swedencentral"]);
    expect(closestRegions("")).toEqual([]);
  });

  test.each(["mars", "usgovvirginia", "chinaeast2", "global"])("a far-away name %j says what is allowed and where to find the list", (location) => {
    const problem = locationProblem("location", location);
    expect(problem).toBe(
      `location ${JSON.stringify(location)} is not an Azure public-cloud region (region list as of ${AZURE_REGIONS_AS_OF}, ${AZURE_REGIONS_SOURCE}). ` +
        'Use a region\'s short name such as "eastus2" or its display name such as "East US 2": AZURE_REGIONS lists them, and "az account list-locations -o table" lists those your subscription can use',
    );
    expect(problem).not.toMatch(/did you mean/);
  });

  test("a name of the wrong shape keeps its message, now with suggestions", () => {
    expect(locationProblem("location", "east-us")).toBe('location must be an Azure location name such as "eastus2" or "East US 2"; got "east-us"; did you mean "eastus" or "eastus2"?');
    expect(locationProblem("location", "")).toBe('location must be an Azure location name such as "eastus2" or "East US 2"; got ""');
    expect(locationProblem("location", 42 as never)).toBe('location must be an Azure location name such as "eastus2" or "East US 2"; got 42');
  });

  test("a Terraform token keeps its message", () => {
    expect(locationProblem("deployments[0]: location", "${var.region}")).toBe(
      'deployments[0]: location must be an Azure location name such as "eastus2" or "East US 2" (a literal name, not a Terraform token: resources are grouped by location at synth time); got "${var.region}"',
    );
    expect(locationProblem("location", "${TfToken[TOKEN.12]}")).toMatch(/\(a literal name, not a Terraform token: resources are grouped by location at synth time\); got "\$\{TfToken\[TOKEN\.12\]\}"$/);
  });
});
