# Writes cadence-products.csv, a plain CSV product list (one row per SKU) for the Cadence Cycle
# Works example store, in the shape a small shop's stock system might export. Kept beside the CSV
# so the feed can be regenerated; the CSV is what store:import reads, with a column map:
#
#   npm run store:import -- --format csv --currency GBP --out examples/stores/cadence \
#     --map "Item Code=sku" --map "Department=category" --map "Stars=rating" \
#     --map "Frame Size=attribute.frame_size" --map "Wheel Size=attribute.wheel_size" \
#     --map "Material=attribute.material" --map "Colour=attribute.colour" --map "Gears=attribute.gears" \
#     --map "Size=attribute.size" \
#     examples/stores/cadence/feed/cadence-products.csv
import csv

HEAD = ["Item Code", "Product Name", "Description", "Price", "Department", "Brand", "Keywords", "Availability",
        "Stars", "Warranty", "Frame Size", "Wheel Size", "Material", "Colour", "Gears", "Size"]

ROWS = []
def add(dept, code, name, brand, price, desc, keywords, stock=True, stars="", warranty="", frame="", wheel="", material="", colour="", gears="", size=""):
    ROWS.append({"Item Code": code, "Product Name": name, "Description": desc, "Price": f"{price:.2f} GBP",
                 "Department": dept, "Brand": brand, "Keywords": keywords,
                 "Availability": "in stock" if stock else "out of stock", "Stars": stars, "Warranty": warranty,
                 "Frame Size": frame, "Wheel Size": wheel, "Material": material, "Colour": colour, "Gears": gears, "Size": size})

ROAD = "Bikes > Road Bikes"
add(ROAD, "RDB101-52", "Harrow Sprint 2 Aluminium Road Bike - 52 cm", "Harrow Cycles", 849, "Light aluminium road bike with a carbon fork, 2x9 gearing and rim brakes; a first road bike for club rides.", "road, entry level, club rides, rim brakes", stars="4.4", frame="52 cm", wheel="700c", material="aluminium", colour="slate blue", gears="18")
add(ROAD, "RDB101-56", "Harrow Sprint 2 Aluminium Road Bike - 56 cm", "Harrow Cycles", 849, "Light aluminium road bike with a carbon fork, 2x9 gearing and rim brakes; a first road bike for club rides.", "road, entry level, club rides, rim brakes", stars="4.4", frame="56 cm", wheel="700c", material="aluminium", colour="slate blue", gears="18")
add(ROAD, "RDB102", "Harrow Apex Carbon Disc Road Bike", "Harrow Cycles", 2499, "Carbon race frame at 8.1 kg with hydraulic disc brakes and 2x12 electronic shifting.", "road, carbon, racing, disc brakes, lightweight", stars="4.8", frame="54 cm", wheel="700c", material="carbon", colour="matt black", gears="24")
add(ROAD, "RDB103", "Harrow Endure Sportive Road Bike", "Harrow Cycles", 1399, "Endurance geometry with a taller head tube for long sportives, 32 mm tyres and disc brakes.", "road, endurance, sportive, comfort, disc brakes", stars="4.6", frame="56 cm", wheel="700c", material="aluminium", colour="racing green", gears="22")
MTB = "Bikes > Mountain Bikes"
add(MTB, "MTB201", "Tor Ridge 120 Trail Hardtail", "Tor & Trail", 1099, "Hardtail mountain bike with 120 mm suspension fork, dropper post and 1x12 gearing for trail centres.", "mountain bike, hardtail, trail, dropper post", stars="4.5", frame="M", wheel="29 in", material="aluminium", colour="burnt orange", gears="12")
add(MTB, "MTB202", "Tor Descender 150 Full Suspension", "Tor & Trail", 2899, "Full-suspension enduro bike with 150 mm travel front and rear for steep, rocky descents.", "mountain bike, full suspension, enduro, downhill", stars="4.7", frame="L", wheel="29 in", material="carbon", colour="storm grey", gears="12")
add(MTB, "MTB203", "Tor Scout 24 Junior Mountain Bike", "Tor & Trail", 449, "Lightweight 24 inch mountain bike for riders aged 8 to 11, with a coil fork and 8 gears.", "mountain bike, kids, junior, hardtail", stars="4.3", frame="XS", wheel="24 in", material="aluminium", colour="lime", gears="8")
GRAVEL = "Bikes > Gravel Bikes"
add(GRAVEL, "GRV301", "Harrow Wayfarer Gravel Bike", "Harrow Cycles", 1649, "Steel gravel and bikepacking bike with mounts for racks and bottles, 45 mm tyres and mechanical disc brakes.", "gravel, bikepacking, touring, steel, adventure", stars="4.7", frame="56 cm", wheel="700c", material="steel", colour="sand", gears="11")
add(GRAVEL, "GRV302", "Harrow Dirtline Carbon Gravel Bike", "Harrow Cycles", 2299, "Fast carbon gravel racer with 40 mm tyres and a 1x12 drivetrain.", "gravel, carbon, racing, lightweight", stock=False, stars="4.6", frame="54 cm", wheel="700c", material="carbon", colour="olive", gears="12")
EBIKE = "Bikes > E-Bikes"
add(EBIKE, "EBK401", "Voltaro Commute E City Bike", "Voltaro", 1899, "Electric city bike with a 250 W rear hub motor, a 500 Wh battery for up to 90 km, mudguards, rack and lights.", "electric, e-bike, commuting, city, step-through", stars="4.5", frame="one size", wheel="700c", material="aluminium", colour="pearl white", gears="8")
add(EBIKE, "EBK402", "Voltaro Ridge E-MTB", "Voltaro", 3799, "Electric full-suspension mountain bike with a mid-drive motor and a 625 Wh battery.", "electric, e-bike, e-mtb, mountain bike, full suspension", stars="4.8", frame="L", wheel="29 in", material="aluminium", colour="graphite", gears="12")
add(EBIKE, "EBK403", "Voltaro Fold E Folding Electric Bike", "Voltaro", 1499, "Folding electric bike that fits under a desk; 20 inch wheels, 40 km range, 19 kg.", "electric, e-bike, folding, commuting, train", stars="4.2", frame="one size", wheel="20 in", material="aluminium", colour="black", gears="7")
CITY = "Bikes > City Bikes"
add(CITY, "CTY501", "Canal Street 7 Hybrid Bike", "Harrow Cycles", 549, "Flat-bar hybrid with 7 hub gears, mudguards and a rear rack for commuting and weekend rides.", "hybrid, commuting, city, town, upright", stars="4.4", frame="M", wheel="700c", material="aluminium", colour="navy", gears="7")
add(CITY, "CTY502", "Canal Street Step-Through Town Bike", "Harrow Cycles", 499, "Step-through town bike with a basket, chain guard and dynamo lights.", "city, step-through, basket, town, upright", stars="4.3", frame="one size", wheel="700c", material="steel", colour="cream", gears="3")
KIDS = "Bikes > Kids Bikes"
add(KIDS, "KID601", "Pipsqueak 12 Balance Bike", "Pipsqueak", 119, "Pedal-free balance bike for ages 2 to 4 with puncture-proof tyres.", "kids, balance bike, toddler, no pedals", stars="4.8", wheel="12 in", material="aluminium", colour="red")
add(KIDS, "KID602", "Pipsqueak 16 First Pedal Bike", "Pipsqueak", 249, "Light 16 inch kids bike for ages 4 to 6, with removable stabilisers and a coaster brake.", "kids, first bike, stabilisers, children", stars="4.6", wheel="16 in", material="aluminium", colour="teal")
add(KIDS, "KID603", "Pipsqueak 20 Geared Kids Bike", "Pipsqueak", 329, "20 inch bike with 7 gears and small-hand brake levers for ages 6 to 9.", "kids, children, gears, 20 inch", stars="4.5", wheel="20 in", material="aluminium", colour="purple", gears="7")
TYRES = "Components > Tyres"
add(TYRES, "TYR701-25", "Grippa Contour Road Tyre 700x25c", "Grippa", 42, "Supple folding road tyre with a puncture belt, 230 g.", "tyre, tire, road, folding, puncture protection", stars="4.6", wheel="700c", material="rubber")
add(TYRES, "TYR701-28", "Grippa Contour Road Tyre 700x28c", "Grippa", 44, "Supple folding road tyre with a puncture belt, 260 g.", "tyre, tire, road, folding, puncture protection", stars="4.6", wheel="700c", material="rubber")
add(TYRES, "TYR702", "Grippa Armadale Tubeless Gravel Tyre 700x40c", "Grippa", 49, "Tubeless-ready gravel tyre with a fast centre and knobbly shoulders.", "tyre, tire, gravel, tubeless", stars="4.5", wheel="700c", material="rubber")
add(TYRES, "TYR703", "Grippa Mudhound MTB Tyre 29x2.4", "Grippa", 55, "Aggressive tubeless mountain bike tyre for wet roots and mud.", "tyre, tire, mountain bike, mud, tubeless", stars="4.7", wheel="29 in", material="rubber")
add(TYRES, "TYR704", "Grippa Cityguard Reflective Tyre 700x35c", "Grippa", 29, "Hard-wearing commuting tyre with a reflective sidewall and a 5 mm puncture layer.", "tyre, tire, commuting, puncture resistant, reflective", stars="4.4", wheel="700c", material="rubber")
TUBES = "Components > Inner Tubes"
add(TUBES, "TUB801", "Grippa Road Inner Tube 700x23-28c Presta", "Grippa", 7, "Butyl inner tube with a 48 mm presta valve.", "inner tube, presta, road, spare", stars="4.3", wheel="700c", material="butyl")
add(TUBES, "TUB802", "Grippa MTB Inner Tube 29x2.1-2.5 Schrader", "Grippa", 8, "Butyl inner tube with a schrader (car) valve for 29 inch mountain bikes.", "inner tube, schrader, mountain bike, spare", stars="4.2", wheel="29 in", material="butyl")
DRIVE = "Components > Chains & Cassettes"
add(DRIVE, "DRV901", "Linkwell 11-Speed Chain", "Linkwell", 34, "Nickel-plated 11-speed chain with a reusable quick link, 116 links.", "chain, 11 speed, drivetrain, quick link", stars="4.5", gears="11")
add(DRIVE, "DRV902", "Linkwell 12-Speed Chain", "Linkwell", 45, "12-speed chain with a hardened pin, for road and mountain 1x12 drivetrains.", "chain, 12 speed, drivetrain", stars="4.6", gears="12")
add(DRIVE, "DRV903", "Linkwell 11-34 11-Speed Cassette", "Linkwell", 69, "Road cassette 11-34 for climbing, fits standard freehub bodies.", "cassette, sprockets, climbing, 11 speed", stars="4.4", gears="11")
BRAKES = "Components > Brakes"
add(BRAKES, "BRK1001", "Stopwell Hydro 2 Hydraulic Disc Brake Set", "Stopwell", 189, "Front and rear hydraulic disc brakes with 160 mm rotors and mineral oil.", "disc brakes, hydraulic, mountain bike, rotors", stars="4.6", material="aluminium")
add(BRAKES, "BRK1002", "Stopwell Organic Disc Brake Pads", "Stopwell", 16, "Quiet organic disc pads for Stopwell and most two-piston callipers.", "brake pads, disc, organic, quiet", stars="4.3")
add(BRAKES, "BRK1003", "Stopwell Cartridge Rim Brake Pads", "Stopwell", 19, "Replaceable rim brake pads for aluminium rims with good wet-weather bite.", "brake pads, rim brakes, road, wet weather", stars="4.2")
SADDLES = "Components > Saddles"
add(SADDLES, "SDL1101", "Perch Comfort Gel Saddle", "Perch", 39, "Wide gel-padded saddle for upright city and hybrid riding.", "saddle, seat, comfort, gel, wide", stars="4.1", material="gel", colour="black")
add(SADDLES, "SDL1102", "Perch Race Cutout Saddle", "Perch", 89, "Narrow road saddle with a pressure-relief cutout and carbon-reinforced rails, 198 g.", "saddle, seat, road, racing, cutout, lightweight", stars="4.6", material="carbon", colour="black")
add(SADDLES, "SDL1103", "Perch Women's Short-Nose Saddle", "Perch", 69, "Short-nose saddle with a wider rear and a deep cutout, designed with women riders.", "saddle, seat, women, short nose, comfort", stars="4.7", colour="black")
PEDALS = "Components > Pedals"
add(PEDALS, "PDL1201", "Cleatline Flat Platform Pedals", "Cleatline", 45, "Wide aluminium flat pedals with replaceable pins for mountain biking.", "pedals, flat, platform, mountain bike", stars="4.5", material="aluminium", colour="black")
add(PEDALS, "PDL1202", "Cleatline Road Clipless Pedals", "Cleatline", 99, "Three-bolt clipless road pedals with cleats included.", "pedals, clipless, road, cleats", stars="4.4", material="composite")
add(PEDALS, "PDL1203", "Cleatline Dual-Sided SPD Pedals", "Cleatline", 65, "Two-bolt clipless pedals that clip in on both sides, for gravel, touring and commuting.", "pedals, clipless, spd, gravel, commuting", stars="4.6", material="steel")
WHEELS = "Components > Wheels"
add(WHEELS, "WHL1301", "Harrow Aero 45 Carbon Wheelset", "Harrow Cycles", 899, "45 mm deep carbon disc-brake wheelset, tubeless ready, 1480 g.", "wheels, wheelset, carbon, aero, road", stars="4.7", wheel="700c", material="carbon")
add(WHEELS, "WHL1302", "Tor Trail 29 Alloy Wheelset", "Tor & Trail", 349, "Tough alloy 29 inch mountain bike wheelset with a 6-bolt hub.", "wheels, wheelset, mountain bike, alloy", stars="4.4", wheel="29 in", material="aluminium")
HELMETS = "Accessories > Helmets"
add(HELMETS, "HLM1401-M", "Lidwell Aerolite MIPS Road Helmet - M", "Lidwell", 129, "Vented road helmet with MIPS rotational protection, 250 g.", "helmet, road, mips, vented, lightweight", stars="4.7", size="M (54-58 cm)", colour="white")
add(HELMETS, "HLM1401-L", "Lidwell Aerolite MIPS Road Helmet - L", "Lidwell", 129, "Vented road helmet with MIPS rotational protection, 270 g.", "helmet, road, mips, vented, lightweight", stars="4.7", size="L (58-62 cm)", colour="white")
add(HELMETS, "HLM1402", "Lidwell Trailguard MTB Helmet", "Lidwell", 99, "Mountain bike helmet with extended rear coverage and an adjustable visor.", "helmet, mountain bike, visor, trail", stars="4.5", size="M (54-58 cm)", colour="moss")
add(HELMETS, "HLM1403", "Lidwell Urban Commuter Helmet with Rear Light", "Lidwell", 69, "City helmet with a built-in USB rechargeable rear light.", "helmet, commuting, city, rear light", stars="4.3", size="M (54-58 cm)", colour="grey")
add(HELMETS, "HLM1404", "Lidwell Sprout Kids Helmet", "Lidwell", 35, "Kids helmet for heads 48 to 54 cm with a dial fit.", "helmet, kids, children", stars="4.6", size="XS (48-54 cm)", colour="yellow")
LIGHTS = "Accessories > Lights"
add(LIGHTS, "LGT1501", "Brightspoke 800 Front Light", "Brightspoke", 59, "800 lumen USB-C rechargeable front light, 2 to 20 hours, IPX6.", "light, front light, headlight, rechargeable, commuting", stars="4.6")
add(LIGHTS, "LGT1502", "Brightspoke Flare Rear Light", "Brightspoke", 29, "Bright rear light visible from 2 km in daylight, with a brake-sensing mode.", "light, rear light, tail light, rechargeable, daytime", stars="4.5")
add(LIGHTS, "LGT1503", "Brightspoke Trail 2000 MTB Light", "Brightspoke", 149, "2000 lumen helmet or bar light for night mountain biking.", "light, front light, mountain bike, night riding", stars="4.7")
LOCKS = "Accessories > Locks"
add(LOCKS, "LCK1601", "Bolt & Bar Citadel D-Lock", "Bolt & Bar", 79, "Hardened 16 mm shackle D-lock, Sold Secure Gold rated, with a frame bracket.", "lock, d-lock, u-lock, security, sold secure gold", stars="4.7", material="steel")
add(LOCKS, "LCK1602", "Bolt & Bar Heavy Chain Lock 110 cm", "Bolt & Bar", 99, "10 mm hardened chain lock with a disc padlock, Sold Secure Diamond.", "lock, chain lock, security, sold secure diamond, heavy", stars="4.6", material="steel")
add(LOCKS, "LCK1603", "Bolt & Bar Folding Lock", "Bolt & Bar", 65, "Folding link lock that packs small in its frame holster, Sold Secure Silver.", "lock, folding lock, compact, security", stars="4.3", material="steel")
PUMPS = "Accessories > Pumps"
add(PUMPS, "PMP1701", "Airhead Track Floor Pump", "Airhead", 45, "Floor pump with a gauge up to 160 psi and a head for presta and schrader valves.", "pump, floor pump, track pump, gauge", stars="4.6")
add(PUMPS, "PMP1702", "Airhead Mini Hand Pump", "Airhead", 22, "Mini pump that fits a bottle cage mount, for roadside punctures.", "pump, mini pump, hand pump, puncture, portable", stars="4.2")
BAGS = "Accessories > Bags & Panniers"
add(BAGS, "BAG1801", "Packhorse Waterproof Pannier Pair 40 L", "Packhorse", 119, "Two roll-top waterproof panniers, 20 litres each, with quick-release rack hooks.", "panniers, bags, waterproof, touring, commuting, rack", stars="4.6", colour="black")
add(BAGS, "BAG1802", "Packhorse Frame Bag", "Packhorse", 49, "Bikepacking frame bag that straps inside the front triangle, 4 litres.", "frame bag, bikepacking, bags", stars="4.4", colour="grey")
add(BAGS, "BAG1803", "Packhorse Saddle Pack 12 L", "Packhorse", 79, "Bikepacking seat pack for a sleeping bag or clothes, no rack needed.", "saddle bag, seat pack, bikepacking, bags", stars="4.5", colour="black")
COMP = "Accessories > Bike Computers"
add(COMP, "CMP1901", "Pacemark Trek 3 GPS Bike Computer", "Pacemark", 199, "GPS bike computer with turn-by-turn navigation, heart rate and power meter pairing, 20 hour battery.", "bike computer, gps, navigation, cycle computer", stars="4.6")
add(COMP, "CMP1902", "Pacemark Basic Wireless Speedometer", "Pacemark", 29, "Wireless speed and distance computer with a wheel sensor.", "bike computer, speedometer, odometer, cycle computer", stars="4.1")
CLOTH = "Clothing > Jackets & Jerseys"
add(CLOTH, "CLT2001-M", "Harrow Rainshell Cycling Jacket - M", "Harrow Cycles", 139, "Waterproof breathable cycling jacket with a dropped tail and reflective details.", "jacket, waterproof, rain, cycling jacket", stars="4.5", size="M", colour="hi-vis yellow")
add(CLOTH, "CLT2001-L", "Harrow Rainshell Cycling Jacket - L", "Harrow Cycles", 139, "Waterproof breathable cycling jacket with a dropped tail and reflective details.", "jacket, waterproof, rain, cycling jacket", stars="4.5", size="L", colour="hi-vis yellow")
add(CLOTH, "CLT2002-M", "Harrow Club Short-Sleeve Jersey - M", "Harrow Cycles", 59, "Race-fit cycling jersey with three rear pockets.", "jersey, short sleeve, summer", stars="4.3", size="M", colour="navy")
add(CLOTH, "CLT2003", "Harrow Winter Bib Tights", "Harrow Cycles", 119, "Thermal fleece-backed bib tights with a chamois pad for cold rides.", "bib tights, winter, thermal, padded", stars="4.6", size="M", colour="black")
SHOES = "Clothing > Shoes & Gloves"
add(SHOES, "SHO2101-42", "Cleatline Road Carbon Shoes - EU 42", "Cleatline", 179, "Stiff carbon-soled road shoes with a dial closure, for three-bolt cleats.", "shoes, cycling shoes, road, clipless, carbon sole", stars="4.5", size="EU 42", colour="white")
add(SHOES, "SHO2101-44", "Cleatline Road Carbon Shoes - EU 44", "Cleatline", 179, "Stiff carbon-soled road shoes with a dial closure, for three-bolt cleats.", "shoes, cycling shoes, road, clipless, carbon sole", stock=False, stars="4.5", size="EU 44", colour="white")
add(SHOES, "SHO2102", "Cleatline Trail SPD Shoes", "Cleatline", 119, "Walkable gravel and mountain bike shoes with a recessed two-bolt cleat.", "shoes, cycling shoes, spd, gravel, mountain bike, walkable", stars="4.4", size="EU 43", colour="brown")
add(SHOES, "GLV2103", "Harrow Winter Thermal Gloves", "Harrow Cycles", 39, "Windproof insulated cycling gloves with touchscreen fingertips.", "gloves, winter, thermal, windproof", stars="4.4", size="L", colour="black")
TOOLS = "Workshop > Tools"
add(TOOLS, "TL2201", "Wheelwright 18-in-1 Multi-Tool", "Wheelwright", 32, "Pocket multi-tool with hex keys, Torx, chain breaker and spoke keys.", "multi-tool, tools, chain tool, roadside repair", stars="4.6", material="steel")
add(TOOLS, "TL2202", "Wheelwright Home Workshop Tool Kit", "Wheelwright", 119, "37-piece tool kit in a case: cassette tool, chain whip, bottom bracket tools, torque wrench.", "tool kit, workshop, maintenance, torque wrench", stars="4.5")
add(TOOLS, "TL2203", "Wheelwright Fold-Up Repair Stand", "Wheelwright", 89, "Folding workstand with a rotating clamp, holds bikes up to 25 kg.", "repair stand, workstand, maintenance", stars="4.3", material="aluminium")
CARE = "Workshop > Lubricants & Cleaning"
add(CARE, "LUB2301", "Slickchain Wet Lube 120 ml", "Slickchain", 9, "Chain lube for wet and muddy winter riding that does not wash off.", "lube, chain oil, wet weather, winter", stars="4.4")
add(CARE, "LUB2302", "Slickchain Dry Wax Lube 120 ml", "Slickchain", 11, "Clean wax-based chain lube for dry, dusty summer roads.", "lube, chain wax, dry weather, summer", stars="4.5")
add(CARE, "LUB2303", "Slickchain Bike Wash Kit", "Slickchain", 29, "Bike cleaner, degreaser and brushes to clean the frame and drivetrain.", "bike wash, cleaner, degreaser, brushes", stars="4.3")
GIFT = "Gift Cards"
add(GIFT, "GFT2401-25", "Cadence Gift Card 25 GBP", "Cadence Cycle Works", 25, "A gift card for anything in the shop or the workshop, sent by e-mail.", "gift card, voucher, present", warranty="0")
add(GIFT, "GFT2401-50", "Cadence Gift Card 50 GBP", "Cadence Cycle Works", 50, "A gift card for anything in the shop or the workshop, sent by e-mail.", "gift card, voucher, present", warranty="0")

with open("cadence-products.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=HEAD)
    w.writeheader()
    w.writerows(ROWS)
print(len(ROWS), "rows")
