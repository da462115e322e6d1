-- Protective equipment (see app/src/domain/equipment.rs) (SQLite). Keep in step with
-- ../postgres/0009_equipment.sql.

-- The catalogue, kept by the coordinators. Quantities everywhere are in the material's unit of
-- issue ("st", "par", "flaska"); packs only matter for shipping.
CREATE TABLE materials (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    unit_of_issue TEXT NOT NULL,
    pack_size     INTEGER NOT NULL CHECK (pack_size BETWEEN 1 AND 100000),
    active        INTEGER NOT NULL DEFAULT 1,
    -- Bumped by every ledger write of the material, first thing in its transaction: on PostgreSQL
    -- the row lock makes concurrent writes of one material's ledger wait for each other, on SQLite
    -- it takes the write lock at once; so the stock a write checks is the stock it changes.
    ledger_seq    INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT materials_name_key UNIQUE (name)
);

-- A unit's stock on hand per material, with a version of its daily report (the newest version
-- of a day counts); `used` is what the unit says it used since its previous report.
CREATE TABLE daily_report_stock (
    report_id   INTEGER NOT NULL REFERENCES daily_reports(id),
    material_id INTEGER NOT NULL REFERENCES materials(id),
    on_hand     INTEGER NOT NULL CHECK (on_hand >= 0),
    used        INTEGER CHECK (used >= 0),
    PRIMARY KEY (report_id, material_id)
);

-- An approved distribution and its shipments, one per unit.
CREATE TABLE distributions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    approved_at  INTEGER NOT NULL,
    approved_by  INTEGER NOT NULL REFERENCES people(id),
    -- The Stockholm date of the delivery round.
    delivery_day TEXT NOT NULL
);

CREATE TABLE shipments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    distribution_id INTEGER NOT NULL REFERENCES distributions(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    received_at     INTEGER,
    received_by     INTEGER REFERENCES people(id),
    receipt_note    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX shipments_unit ON shipments (unit_id, received_at);

CREATE TABLE shipment_lines (
    shipment_id INTEGER NOT NULL REFERENCES shipments(id),
    material_id INTEGER NOT NULL REFERENCES materials(id),
    quantity    INTEGER NOT NULL CHECK (quantity >= 1),
    -- What the unit counted on arrival (may differ from what was sent; see the receipt note).
    received    INTEGER CHECK (received >= 0),
    -- The proposal's line and its reasons (domain::equipment::ProposalLine as JSON).
    reasons     TEXT NOT NULL,
    PRIMARY KEY (shipment_id, material_id)
);

-- The central stock's ledger: a material's stock is the sum of its quantities (signed).
CREATE TABLE stock_movements (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    material_id INTEGER NOT NULL REFERENCES materials(id),
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('delivery', 'count', 'adjustment', 'shipment')),
    -- Deliveries: 'supplier', 'county_allocation' or 'donation'.
    source      TEXT,
    quantity    INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    shipment_id INTEGER REFERENCES shipments(id),
    person_id   INTEGER NOT NULL REFERENCES people(id)
);
CREATE INDEX stock_movements_material ON stock_movements (material_id, at);

-- A unit asks for material; open requests feed the next proposal, and a shipment of that
-- material to the unit answers them.
CREATE TABLE equipment_requests (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    material_id  INTEGER NOT NULL REFERENCES materials(id),
    quantity     INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
    note         TEXT NOT NULL DEFAULT '',
    requested_by INTEGER NOT NULL REFERENCES people(id),
    requested_at INTEGER NOT NULL,
    shipment_id  INTEGER REFERENCES shipments(id)
);
CREATE INDEX equipment_requests_open ON equipment_requests (material_id, shipment_id);
