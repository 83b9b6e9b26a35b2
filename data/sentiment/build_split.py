"""Build the course sentiment dataset (train.csv / test.csv).

All reviews below were written by hand for this course (CC0-1.0).
One review per line; the label comes from the block it is in.

Run from anywhere:  python3 data/sentiment/build_split.py
The split is deterministic (random seed 42): each class is shuffled,
20 % of it goes to test and the rest to train, so both splits are
exactly balanced.
"""

import csv
import random
from pathlib import Path

SEED = 42
TEST_FRACTION = 0.2

POSITIVE = """
Best pizza in town, hands down.
The pasta was cooked perfectly and the sauce tasted homemade.
Our waiter was attentive without hovering. Great evening overall.
Lovely little bistro, we will definitely be back.
Tacos were fresh, spicy and cheap. What more could you want?
Honestly the best ramen I've had outside of Japan.
Cozy atmosphere, great coffee, and the croissants are flaky perfection.
Booked for my mum's birthday and they brought out a cake with candles. So sweet of them!
Portions are generous and the prices are fair.
The vegan options here are creative and actually filling.
Brunch was amazing, the eggs benedict were spot on.
Quick service even on a packed Friday night. Impressive.
The sushi was incredibly fresh and beautifully presented.
Not bad at all! The burger was juicy and the fries were crispy.
Lovely wine list and the sommelier gave us a great recomendation.
Kids menu is actually good, my picky son ate everything.
Tried the tasting menu and every single course was a delight.
Friendly owner, tasty curry, fair price. Five stars from me.
Great little coffee shop with fast wifi and excellent flat whites.
The dessert alone is worth the trip, that chocolate tart is unreal.
Everything tasted fresh and the staff remembered us from last time.
I've eaten here a dozen times and it's never let me down.
Came for a quick lunch, left very happy and very full.
Superb steak, cooked exactly medium rare like I asked.
The bakery's sourdough is the real deal. Crusty outside, soft inside.
Outdoor seating is lovely in summer and the lemonade is homemade.
Food came out hot and fast, and the waitress was a ray of sunshine.
Can't fault anything about this place.
Delicious dumplings, truly!!
Ordered the fish and chips, perfectly crisp batter and no grease at all.
The hotel staff upgraded our room without us even asking. Lovely touch.
Spotless room, comfy bed, and a view of the harbour. Would stay again.
Check-in took two minutes and the receptionist gave us great tips for dinner.
Quiet, clean and close to the train station. Perfect for a business trip.
The breakfast buffet had so much choice, we skipped lunch every day.
Best night's sleep I've had in a hotel, the pillows were heavenly.
Pool was warm, towels were fresh, and the kids loved the games room.
Housekeeping was thorough and left little chocolates on the pillow every night.
Great value for a central location. No complaints whatsoever.
The concierge booked us a last-minute table at a sold-out restaurant. Legends.
Lovely boutique hotel with real character and very kind staff.
Shower pressure was fantastic and the room was super modern.
They let us check out late at no charge, which saved our day.
Stayed for a week and felt like family by the end of it.
Charming B&B, the host baked fresh bread every morning.
The room was bigger than the photos suggested and very well kept.
Honestly couldn't have asked for a better stay.
Super friendly front desk, they even lent me a phone charger.
Spa was relaxing and the massage therapist was excellent.
Rooftop bar has an amazing sunset view and decent prices.
Hostel was clean, safe and social. Met great people here.
Beds were comfy and the air con was quiet. Slept like a baby.
Free parking, fast wifi, and a kettle with proper tea. Happy traveller.
Our anniversary stay was perfect from start to finish.
Wasn't expecting much from a motel but it was clean and surprisingly comfortable.
The cabin was cozy, the fireplace worked great, and the views were stunning.
Room service arrived quickly and the club sandwich was excellent.
Staff went out of their way to help when my luggage got lost.
Great location, walking distance to everything. Would book again.
Very clean, very quiet, very recommended.
We stayed three nights for a family wedding and everything was easy, from the early check-in to the packed breakfast they prepared for our early start on the last day. Thank you!
Battery lasts me two full days of heavy use. Very impressed.
The camera takes stunning photos even at night.
Screen is bright and sharp, videos look amazing on it.
Switched from my old phone and this is faster in every way.
Setup was painless and all my contacts transferred automatically.
Fits nicely in the hand and feels really premium.
Fast charging is a game changer, 50 percent in 20 minutes.
Great mid-range phone, does everything I need without lag.
Three years in and it still runs like new.
Love the clean software, no bloatware at all.
Call quality is crystal clear, even in the car.
The face unlock works instantly, even in low light.
Bought it for my dad and he figured it out in one afternoon. Very user friendly.
Survived a drop onto concrete without a scratch. Tough little thing.
Speakers are surprisingly loud and full for a phone.
Best phone I've owned, and I've owned a lot.
Updates arrive regularly and each one has made it better.
Super smooth scrolling, the 120Hz screen is gorgeous.
Great value, feels like a flagship for half the price.
The refurbished phone arrived looking brand new. Very happy.
Storage is plenty and the phone never slows down.
GPS locks on quickly and stays accurate. Perfect for hiking.
Never had a single crash since I bought it.
Small, light, and the battery still gets me through the day. Love it.
Portrait mode photos look professional. My friends keep asking what camera I used.
These headphones are so comfy I forget I'm wearing them.
Noise cancelling is superb, the plane engine just disappeared.
Bass is punchy but not muddy. Great for the price.
Earbuds pair instantly and stay in during my runs.
Sound is warm and detailed, I'm hearing new things in old albums.
Battery life on these buds is incredible, I charge them once a week.
The mic is clear, colleagues say I sound better than on my laptop.
Lightweight, foldable and they sound fantastic. Perfect travel headphones.
Cheap earbuds that punch way above their weight.
Bluetooth connection is rock solid, no dropouts at all.
The speaker fills my whole living room with rich sound.
Transparency mode is natural, I can chat without taking them off.
Comfortable even after a six hour gaming session.
Excellent build quality, the metal hinges feel like they'll last forever.
Switching between my phone and laptop is seamless.
Soundstage is wide and vocals are crystal clear.
Replaced my expensive headphones with these and honestly don't miss them.
The case is tiny and fits in my coin pocket. Love these.
Great for podcasts and calls, voices come through really clean.
Sound quality blew me away straight out of the box.
Waterproof speaker survived a pool party, still sounds great.
My ears don't hurt even with glasses on. Finally!
The app's EQ lets me tune them exactly how I like.
Gifted these to my sister and she hasn't taken them off since.
No complaints, they sound great and the battery lasts.
The headphones are light, the noise cancelling handles a crowded train easily, and after six months of daily use the battery still lasts all week. Really pleased with them.
The app is fast, clean and it just works.
This budgeting app finally helped me save money every month.
Love the dark mode and the simple layout.
Syncs across all my devices flawlessly.
The note taking app is intuitive, I was productive within minutes.
Customer support replied within an hour and fixed my issue.
The latest update made everything noticeably faster.
Great language learning app, the daily streaks keep me motivated.
Photo editor is powerful yet easy to use. Worth every penny.
Meditation app has genuinly improved my sleep.
Clean interface, no annoying ads, and the free tier is generous.
The calendar app integrates with everything I use. Brilliant.
Finally a to-do app that doesn't overcomplicate things.
Backups happen automatically and restoring was painless.
The fitness tracker app gives useful insights, not just numbers.
Password manager saved me so much hassle, autofill works everywhere.
Video calls are smooth even on my slow home internet.
I use this code editor every day and it's never crashed on me.
Recipe app has great filters and the shopping list feature is genius.
Offline mode works perfectly on the subway.
Onboarding was friendly and clear. Great first impression.
The weather app is accurate and beautifully designed.
Switching to this email client was the best decision I made this year.
Excellent accessibility features, the screen reader support is thorough.
Love how the map app reroutes me around traffic in real time.
Simple, reliable, does exactly what it says.
The open source version is just as good as the paid alternatives.
Keyboard shortcuts everywhere. Power users will love it.
Podcast app remembers exactly where I left off on every device.
Collaborative editing works in real time with zero lag. Our team loves it.
I've tried four different budgeting apps over the years and this is the first one I've stuck with for more than a month, mainly because it's quick to log things and the charts are genuinely useful.
Delivery arrived a day early and everything was well packed.
Groceries arrived fresh and the driver carried them up three flights of stairs.
Tracking was accurate to the minute. Really convenient.
Return process was quick and the refund hit my account in two days.
Food delivery was still piping hot when it arrived.
Courier was polite and left the parcel exactly where I asked.
Ordered late at night and it was on my doorstep by morning. Amazing.
The packaging was fully recyclable, nice to see.
Missing item was refunded immediately after I messaged support.
Fragile vase arrived in perfect condition, they packed it like treasure.
Same-day delivery actually arrived the same day. Will use again.
The online store is easy to navigate and checkout took seconds.
Flowers arrived fresh and lasted over a week. My mom loved them.
Great selection, fair prices, and free shipping over a low minimum.
They texted me before arriving so I didn't miss the delivery. Thoughtful.
The meal kit recipes are easy to follow and taste restaurant quality.
Every order has been accurate so far. Reliable service.
Driver was early, friendly and careful with the fridge. Top notch.
Subscription box is always a nice surprise, great curation.
Customer service swapped the wrong size for free, no questions asked.
Fast shipping to a rural address, which never happens. Impressed.
The pharmacy delivery saved me a trip when I was sick. So grateful.
Pizza came in 20 minutes and was still steaming.
No damage, no delays, no drama. Exactly how delivery should be.
Great prices and the items matched the photos exactly.
The delivery driver called ahead, found the back entrance without complaint, and even waited while I checked that the glassware had arrived intact. Everything was perfect, and I'll be ordering again.
Smooth flight, friendly crew, and we landed ahead of schedule.
Legroom was generous even in economy. Pleasantly surprised.
Crew handled a medical situation calmly and professionally. Respect.
Online check-in was easy and boarding was well organised.
The in-flight meal was actually tasty for once.
They rebooked me onto an earlier flight for free when my meeting moved.
My bags came out first at baggage claim. Small win but I'll take it.
Entertainment system had loads of new films. Time flew by.
Kind staff helped my grandmother with a wheelchair all the way to the gate.
Train was on time, clean and the seats were comfortable.
The bus tour guide was hilarious and knew everything about the city.
Cheap fare but the service felt premium. Would fly again.
Lounge was quiet, comfortable and had great snacks.
Ferry crossing was smooth and the cafe on board was decent.
Car rental pickup took five minutes and the car was spotless.
Pilot kept us informed the whole time. Very reassuring.
Flight attendants were warm and attentive on our long haul.
Booking through their app was quick and painless.
Not once in ten flights have they lost my luggage.
The night train was a fun adventure and the cabin was cozy.
Our travel agent planned an amazing itinerary, every hotel was great.
Priority boarding was worth it with two toddlers. Staff were so patient.
Clean plane, on-time departure, free snacks. Happy customer.
Great airline for short hops, never had a delay with them.
Tour was well organised and our guide made history fun.
This course finally made statistics click for me.
The instructor explains complex topics in plain english. Brilliant.
Exercises are practical and build on each other nicely.
Best online Python course I've taken, I built a real project by the end.
The community forum is active and people actually help each other.
Short videos, clear slides, and quizzes that really test understanding.
I landed a new job thanks to the skills I learned here.
Teacher was patient and answered every question in detail.
Well structured and worth every minute.
The cooking class was fun and I went home with great recipes.
My daughter loves her piano lessons and has improved so much.
Loved the hands-on labs, much better than just watching lectures.
Feedback on my assignments was detailed and genuinely useful.
The workshop was engaging from start to finish.
Clear, concise and well paced. Highly recommend for beginners.
Language tutor made me feel confident speaking from the first lesson.
The notebooks run without errors and the explanations are excellent.
Great mix of theory and practice. I feel ready for the exam.
Yoga teacher training exceeded all my expectations.
Finally understand how neural networks work. Thank you!
The free course is better than some paid ones I've tried.
Lecturer's enthusiasm is contagious, I looked forward to every session.
Came in knowing nothing about SQL and left writing complex queries.
The driving instructor was calm and I passed first time.
Materials are up to date and the examples are relevant.
Took this course on a whim after work and ended up doing every exercise, because the examples were so clear and the instructor explained each mistake without making you feel stupid.
Couldn't put the book down, finished it in one weekend.
Beautifully written, the characters felt like real people.
A thoughtful, moving novel that stayed with me for weeks.
Great cookbook, every recipe I've tried has worked first time.
The plot twist at the end left me speechless. Loved it.
Clear, practical guide. I applied the tips the same day.
Gorgeous illustrations, my kids ask for this book every night.
Funny, warm and surprisingly wise.
One of the best history books I've read in years.
The author makes a dry subject genuinely entertaining.
Perfect holiday read, light and charming.
Pacing is tight and the mystery kept me guessing until the last page.
The audiobook narrator was fantastic, different voices for every character.
Helpful textbook with well-chosen examples and exercises.
I've gifted this book to five friends already.
Poetry collection is stunning, I reread it constantly.
Solid sequel, even better than the first one.
Excellent translation, it reads naturally.
The hardcover edition is beautifully made. Lovely gift.
Inspiring memoir, I laughed and cried.
Not bad at all for a debut novel, I'm excited for the next one.
The programming book is clear and the code samples all work.
Easily the best fantasy series I've started in a long time.
Short, sharp and brilliant.
A comforting read on a rainy afternoon.
Sofa is super comfortable and the fabric feels durable.
Assembly took 20 minutes and the instructions were clear.
The desk is sturdy and doesn't wobble at all, even at standing height.
Mattress fixed my back pain within a week. Best purchase this year.
Beautiful solid wood table, looks even better in person.
Office chair is ergonomic and comfortable for long work days.
The bookshelf was easy to build and holds a ton of books.
Lamp gives a warm cozy light and looks very stylish.
Rug is soft, thick and the colours are exactly as pictured.
Dining chairs are comfortable and easy to clean. Great buy.
The bed frame is solid and doesn't squeak at all.
Wardrobe has loads of space and the doors close smoothly.
Great quality for a flat pack piece, feels much pricier than it was.
The crib was simple to assemble and feels very safe.
Vacuum picks up everything, even pet hair on the carpet.
Coffee machine makes a fantastic espresso every morning.
Curtains block out the light completely. I finally sleep in on weekends.
Blender crushes ice with no effort. Smoothies every day now.
Kettle boils fast and is really quiet.
The garden furniture survived a whole winter outside and still looks new.
Air fryer is a total game changer in our kitchen.
Pillows are soft but supportive, just right.
The kitchen knives are razor sharp and well balanced.
Bought the cheaper version of the shelf and it's surprisingly solid.
Robot vacuum maps the house perfectly and never gets stuck.
These jeans fit perfectly and the fabric is soft.
Running shoes are light and super cushioned. My knees thank me.
Jacket kept me warm and dry on a rainy hike.
Great quality t-shirts, they haven't shrunk after many washes.
The dress fits like it was made for me. Got so many compliments.
Boots were comfortable straight out of the box, no breaking in needed.
Sizing was accurate and the colours are vibrant.
Wool sweater is cozy and not itchy at all.
Stitching is excellent, this will last for years.
Socks are thick, warm and actually stay up.
The suit looked sharp at my wedding and tailoring was free.
Love these leggings, squat proof and have pockets!
Raincoat is genuinely waterproof. Finally!
Kids' sneakers held up to a whole year of playground abuse.
Backpack has smart compartments and is comfy to carry.
Bought this shirt in three colours because the first one was so good.
The sandals are comfy enough to walk around the city all day.
Winter hat is warm and the knit is lovely.
Ordered a size up as suggested and it fits perfectly.
Great fit, great price, fast shipping.
My go-to hoodie now, incredibly soft.
The watch strap is comfortable and looks classy.
Swimsuit is flattering and the fabric dries fast.
Lovely scarf, generous size and beautifully soft.
Hiking pants are stretchy, breathable and tough.
Opening an account took ten minutes on my phone.
The bank's app shows spending by category, super helpful.
Called support and got a real human within a minute. Rare these days.
They refunded a fraudulent charge the same day. Very reassuring.
No monthly fees and great exchange rates abroad.
Loan advisor was honest and explained everything clearly.
Mortgage process was smoother than I feared.
Instant notifications for every payment, I always know where my money goes.
Internet provider installed everything on time and speeds are as promised.
Switched mobile carriers and my bill went down with better coverage.
Insurance claim was settled quickly and fairly.
The accountant sorted out my taxes and found savings I'd missed.
Card arrived within two days and activation was instant.
Friendly branch staff helped me set up online banking step by step.
Savings account interest is actually decent. Pleasantly surprised.
The plumber arrived on time, fixed the leak, and cleaned up after.
Electrician was professional and the price matched the quote exactly.
Hairdresser listened to what I wanted and nailed it.
Dentist was gentle and explained every step. No more fear!
My mechanic is honest and never upsells. Rare find.
Cleaning service did an outstanding job, my flat has never looked better.
The vet was so kind with our anxious cat.
Moving company was careful and nothing got broken.
Dry cleaner got a wine stain out of my favourite shirt. Miracle workers.
Great phone plan, unlimited data that's actually unlimited.
Wasn't disappointed, the tax software walked me through everything.
Pharmacy staff were knowledgeable and super helpful.
Doctor took the time to listen and didn't rush me.
The photographer captured our wedding beautifully.
Locksmith came out at midnight and was very reasonably priced.
Gym is clean, well equipped and never too crowded.
The trainers are motivating and know their stuff.
Spin classes are a blast, the instructor's playlist is fire.
Locker rooms are spotless and the showers are hot.
Affordable membership with 24/7 access. Perfect for my schedule.
The pool is always clean and lanes are well organised.
Personal trainer helped me hit a new deadlift record.
Friendly community, everyone says hi. Love coming here.
Climbing gym has great routes for every level.
Yoga studio is calm and beautiful, classes are excellent.
Cancelled my membership easily when I moved. No hassle at all.
Boxing class is tough but so much fun.
The cinema seats recline and the sound is incredible.
Museum was fascinating and the audio guide was excellent.
Theme park queues were short and the rides were awesome.
Concert venue had great acoustics and easy exits.
Bowling alley was clean and the staff were friendly. Fun night out.
Escape room puzzles were clever and the host was great fun.
Golf course is beautifully maintained.
The zoo animals looked healthy and the enclosures were spacious.
Kids' swimming lessons are brilliant, my son can swim now.
Pilates reformer classes changed my posture for the better.
Staff keep the equipment in great shape and wipe everything down.
Beautiful park, well maintained trails and plenty of benches.
Loved the spa day, felt completely refreshed.
omg this is sooo good, ordering again
10/10 would recommend
Absolutely love it!
Exceeded my expectations in every way.
Worth every cent.
Five stars, no notes.
Cant recomend this enough, great stuff
Really happy with my purchase.
Top quality and fast service, thx!
Solid product, does exactly what I needed.
Honestly no complaints, it's great.
pleasantly suprised, works like a charm
Genuinely delighted with this.
I was skeptical at first but it won me over completely.
Great experience from start to finish.
"""

NEGATIVE = """
Waited an hour for cold food. Never again.
The pasta was overcooked and swimming in oil.
Rude waiter rolled his eyes when we asked for the menu.
Found a hair in my soup and the manager just shrugged.
Way overpriced for tiny portions.
I wanted to love this place, but the food was bland and the service slow.
Got food poisoning after the seafood platter. Avoid.
Burger was raw in the middle and the bun was stale.
Tables were sticky and the bathroom was filthy.
They charged us for drinks we never ordered.
Music was so loud we couldn't hear each other talk.
The sushi tasted old and the rice was hard.
Reservation was lost and they made us wait 45 minutes anyway.
Coffee was burnt and the pastry was dry as sand.
Used to be great, but the new owners ruined it.
Pizza arrived soggy and barely warm.
Ordered vegetarian and got a dish with bacon in it.
Staff ignored us for twenty minutes after we sat down.
The steak was tough and grey, definitely not medium rare.
Not worth the hype at all.
Salad was wilted and the dressing tasted off.
Wouldn't recommend, the kitchen clearly doesn't care.
Portions have shrunk but the prices keep going up.
Curry was so salty I couldn't finish it.
Fries were limp and cold. Disappointing.
They added a 20% service charge without telling us.
Fly buzzing around our table the entire meal. Gross.
Dessert was frozen in the middle. Lazy.
The brunch menu promised fresh juice, we got carton juice.
Meh. Overrated and overpriced.
The room smelled of smoke even though it was non-smoking.
Paper thin walls, I heard every word from next door.
Found stains on the sheets. Disgusting.
Air conditioning was broken and nobody came to fix it.
Check-in took over an hour and the staff were rude.
Photos online must be ten years old. Everything is worn out.
Noisy construction outside from 7am, and they never warned us.
The pool was closed for our entire stay.
Wifi barely worked and they charged extra for it.
Bathroom had mould in the shower. Not acceptable.
Breakfast was stale bread and watery coffee.
They gave away our room and sent us to a worse hotel.
Carpet was sticky and the curtains were torn.
Bed was rock hard and the pillows flat as pancakes.
Hidden resort fee doubled the price we expected.
Had high hopes for this hotel, but the noise from the bar kept us up every night.
Front desk never answered the phone.
Elevator broken, fourth floor, heavy suitcases. Thanks for nothing.
Cockroach in the bathroom on the first night.
The hot water ran out after two minutes every morning.
Staff were dismissive when we complained about the dirty room.
Parking cost a fortune and was a ten minute walk away.
Overpriced and underwhelming.
Towels were thin and smelled musty.
Woke up with bites. Bed bugs, probably. Avoid.
Room was much smaller than advertised.
They charged my card twice and took weeks to refund.
The "sea view" was a sliver of water between two car parks.
Housekeeping never came once in three days.
Would not stay here again.
We booked this hotel for our anniversary and it was a letdown from the start: the room wasn't ready until six, the bathroom was dirty, and the promised champagne never appeared.
Battery dies before lunch even with light use.
Screen cracked the first time I dropped it from pocket height.
Phone overheats while just browsing.
Camera photos are blurry and washed out.
Constant lag and random restarts. Frustrating.
Stopped charging after three months.
Full of bloatware that I can't uninstall.
Speaker crackles at anything above half volume.
The fingerprint reader fails most of the time.
No more updates after one year. Terrible support.
Calls keep dropping even with full signal.
Charger port got loose after a few weeks.
Way too expensive for what it offers.
Really wanted to like this phone, but the software is buggy and slow.
Refurbished phone arrived with a dead pixel and a scratched back.
Touchscreen randomly stops responding.
GPS is wildly inaccurate, it put me in the river.
The phone gets slower with every update.
Storage filled up instantly, half of it is system files.
Bluetooth keeps disconnecting from my car.
Returned it after two days. Not worth the money.
Face unlock lets my brother into my phone. Not secure at all.
Case I bought doesn't even fit properly, cheap plastic.
Wifi drops constantly, other devices are fine.
Regret upgrading, my old phone was better.
Left earbud stopped working after a month.
Noise cancelling barely does anything.
Uncomfortable, they pinch my head after twenty minutes.
Sound is tinny and there's basically no bass.
Bluetooth drops out every few minutes.
Mic is terrible, nobody can hear me on calls.
Earbuds keep falling out when I walk.
The battery lasts maybe two hours, not the twenty promised.
Headband cracked within weeks. Flimsy plastic.
There's an annoying hiss even with nothing playing.
The app is required to change anything and it constantly crashes.
Way overpriced for such average sound.
Charging case stopped charging the buds.
I wanted to love them, but the fit is just awful.
Ear cushions started peeling after two months.
Audio lags behind video, unusable for movies.
Speaker distorts at high volume. Disappointed.
Touch controls trigger every time I adjust them.
Doesn't pair with my laptop no matter what I try.
Cheap feel, cheap sound. Returned.
Gave me a headache from the pressure.
Volume is too quiet even at max.
Customer service refused to replace my faulty pair.
One side is noticeably louder than the other.
Not worth the money at all.
App crashes every time I open the camera.
Latest update deleted all my notes. Furious.
Too many ads, you can't even use it.
Subscription renewed without warning and they won't refund.
Login fails constantly, I'm locked out of my own account.
Drains my battery like crazy.
Interface is confusing and nothing is where you'd expect.
Sync is broken, changes never show up on my laptop.
Support never replied to any of my three emails.
Asks for permissions it absolutely doesn't need. Uninstalled.
Paid for premium and half the features don't work.
Constant notifications I can't turn off.
The redesign ruined a perfectly good app.
Was excited to try this app, but it freezes every few minutes.
Payment failed three times but I was charged each time.
Lost my 200-day streak because of a bug. Not happy.
Slow to load and clunky to use.
Free trial demanded my card and then charged me a full year.
The search function returns nothing useful.
Dark mode is broken, white text on white background.
Won't run on my two-year-old tablet.
Keeps logging me out every day.
My data got shared with a third party without consent. Deleting my account.
Buttons are tiny and impossible to tap accurately.
Map app sent me down a closed road. Twice.
Video calls freeze and the audio is choppy.
Every update adds bugs instead of fixing them.
Cancelling the subscription is deliberately hidden. Shady.
Useless. Doesn't do what it advertises.
The editor lost an hour of my work when it crashed.
Package arrived a week late and the box was crushed.
Driver marked it delivered but nothing came.
Food was cold and the drinks had spilled everywhere.
Half of my grocery order was missing.
Courier threw the parcel over the fence in the rain.
Tracking hasn't updated in ten days.
Wrong item sent and the return process is a nightmare.
Support kept closing my ticket without resolving anything.
The fragile mug arrived in pieces, no bubble wrap at all.
Delivery window was 8am to 8pm and they still missed it.
Refund still hasn't arrived after a month.
Eggs were broken and the milk was expired.
Item looked nothing like the photos. Cheap knockoff.
Charged for express shipping but it took two weeks.
Driver was rude and refused to bring it upstairs.
My pizza arrived an hour late and stone cold.
Left my parcel on the street where anyone could take it.
The meal kit was missing two ingredients, so dinner was ruined.
Ordered a blue shirt, got a pink one. Twice.
They cancelled my order after taking payment and never explained why.
Fees and surcharges made it twice the menu price.
Box was soaking wet and the book inside was ruined.
Never ordering from here again.
Flowers arrived wilted and half dead.
No one answers the phone, and the chatbot is useless.
Flight delayed six hours with zero information.
They lost my suitcase and still haven't found it.
Seats were cramped and didn't recline.
Cabin crew were rude and unhelpful.
Cancelled our flight and offered no alternative.
Charged me 60 euros for a bag that fit in the sizer.
Plane was dirty, crumbs everywhere.
Overbooked and I got bumped with no compensation.
In-flight meal was inedible.
Entertainment screen was broken for the whole ten hour flight.
Missed my connection because of their delay and they blamed me.
Check-in queue took two hours. Chaos.
Seat assignment split our family up, including a four year old.
Train was forty minutes late and overcrowded.
Rental car had a dent they tried to charge me for.
Bus driver skipped my stop and just kept going.
Customer service hung up on me twice.
Hidden fees everywhere, the cheap fare was a lie.
I wanted to love this airline, but every flight has been late.
The ferry was filthy and the crossing took twice as long as promised.
Wifi on board was advertised but never worked.
Tour guide was late, bored, and rushed us through everything.
Lounge was overcrowded and out of food.
Gate changed three times without announcements.
Worst airline I've ever flown with.
My flight was cancelled at the gate, the staff disappeared, and the airline's app kept telling me to contact an agent who did not exist. Spent the night on the airport floor.
The instructor just reads the slides word for word.
Videos are outdated and the code doesn't run anymore.
Way too basic for the price they charge.
No support at all, my questions went unanswered for weeks.
Course description promised projects but there are none.
Audio quality is so bad I couldn't understand half of it.
The quizzes test trivia instead of understanding.
Jumped from beginner to advanced with no explanation. Lost me completely.
Certificate is worthless and the content is thin.
Signed up full of enthusiasm, but it's mostly filler.
The teacher was condescending when I asked questions.
Half the links in the materials are broken.
Boring lectures and no practical exercises.
Refund request was ignored.
Notebooks throw errors from the very first cell.
Cooking class ran out of ingredients halfway through.
Tutor cancelled three lessons last minute.
Too much theory and not a single real example.
Felt like a sales pitch for their expensive advanced course.
Assignments were graded by a bot that gave no feedback.
The workshop was disorganised and started an hour late.
Driving instructor spent most lessons on his phone.
Nothing I couldn't find for free in a ten minute video.
Poorly structured, topics appear in random order.
Would not recommend this course to anyone.
The course looked great on the landing page, but after the first two modules the videos become rambling screen recordings with no editing, and the promised project feedback never happened.
Boring plot and flat characters. Gave up halfway.
The ending made no sense at all.
Full of typos and formatting errors.
Dull and repetitive, could have been a short article.
Recipes don't work, measurements are clearly wrong.
I wanted to love this book, but the pacing was painfully slow.
The audiobook narrator's voice was grating.
Overhyped. Nothing happens for two hundred pages.
The cover fell off after the first read.
Dialogue is clunky and unrealistic.
Self-help book with zero actionable advice.
Translation is awkward and hard to follow.
The sequel ruined everything I loved about the first book.
The code examples in this programming book are full of bugs.
Pages arrived bent and one chapter was printed twice.
Predictable from the first chapter.
Author clearly didn't research the topic.
Tedious to read, I kept falling asleep.
Not worth the paper it's printed on.
Kids' book had tiny text and dull pictures. My son lost interest.
Textbook is expensive and the explanations are confusing.
Cliffhanger ending with no sequel planned. Annoying.
The history book is riddled with factual errors.
Felt like reading a long advertisement.
Couldn't connect with any of the characters.
Sofa started sagging after two months.
Missing screws and the instructions were useless.
Desk wobbles no matter how much I tighten it.
Mattress smells of chemicals and gave me back pain.
Table arrived scratched and the replacement was scratched too.
Office chair squeaks constantly and the armrest snapped.
The shelf bent under the weight of a few paperbacks.
Lamp flickers and the switch broke within a week.
Rug sheds everywhere and the colour is nothing like the photo.
Chairs are so uncomfortable we don't use them.
Bed frame creaks every time I move.
Wardrobe door fell off its hinge.
Cheap particle board pretending to be wood.
Vacuum loses suction after five minutes.
Coffee machine leaks all over the counter.
Blender motor burned out making one smoothie.
Kettle has a weird plastic taste.
Garden furniture rusted after the first rain.
Took four hours to assemble and it still doesn't line up.
Air fryer's coating started peeling off. Worrying.
Pillows went flat within a week.
Knives went blunt after a few uses.
Robot vacuum keeps getting stuck under the couch and crying for help.
Drawers stick and don't close fully.
I wanted to love this couch, but it's hard as a bench.
Ordered a standing desk that arrived with a bent leg, and after three weeks of emails the company still insists it was damaged by me and refuses to send a replacement part.
Jeans ripped at the seam the first time I wore them.
Shoes gave me blisters on day one.
Jacket claims to be waterproof but I got soaked.
T-shirt shrank two sizes after one wash.
The dress looks nothing like the picture. Cheap fabric.
Boots fell apart after a month.
Sizing is way off, ordered my usual size and it's tiny.
Sweater is so itchy I can't wear it.
Colour faded after a couple of washes.
Socks got holes within a week.
Zipper broke the first time I used it.
Leggings are see-through when you bend over.
Raincoat smells like a chemical factory.
Kids' shoes fell apart after two weeks at school.
Backpack strap snapped on my first trip.
Buttons fell off before I even wore it out.
Sandals are stiff and painful to walk in.
Hat is so thin it doesn't keep me warm at all.
Returned it, the stitching was already coming undone.
The material pills horribly after one wear.
Hoodie dye bled onto all my other laundry.
Watch strap broke within days.
Swimsuit went see-through in the pool. Mortifying.
Hoped this coat would be my winter staple, but it's heavy and not warm.
Overpriced and poorly made.
Bank froze my account for no reason and support was no help.
Hidden fees on every transaction.
Waited 90 minutes on hold and then got disconnected.
The app is down every weekend.
They refused to refund a clear fraud charge.
Loan approval dragged on for months.
Branch closed without notice and now the nearest one is an hour away.
Exchange rates are a rip-off.
Internet speed is half of what I'm paying for.
Mobile carrier charged roaming fees even though my plan includes roaming.
Insurance company denied my claim on a technicality.
Accountant missed the filing deadline and I got fined.
New card took a month to arrive.
Staff were patronising and rushed me out.
Savings interest is basically zero. Pointless.
Plumber didn't show up and didn't call.
Electrician left a mess and the socket still doesn't work.
Hairdresser ignored everything I asked for. I look ridiculous.
Dentist was rough and overcharged me.
Mechanic charged for parts he never replaced.
Cleaners skipped the bathroom entirely.
Vet was rushed and dismissive of our concerns.
Movers broke my mirror and refused to pay for it.
Dry cleaner ruined my silk blouse.
My "unlimited" phone plan gets throttled after 5GB.
Tax software crashed right before submission.
Pharmacy got my prescription wrong. Dangerous.
Doctor barely looked up from the screen.
Photographer delivered blurry photos months late.
Locksmith quoted 80 and charged 300.
I've been a customer of this bank for twelve years and after this week of being passed between departments about a simple address change, I'm finally moving my accounts elsewhere.
Gym is always packed and half the machines are broken.
Trainer was more interested in his phone than my workout.
Locker rooms are dirty and the showers are cold.
Cancelling my membership took five emails and a registered letter.
Pool was cloudy and smelled too strongly of chlorine.
They raised the membership fee without any notice.
Classes are overbooked, I can never get a spot.
Air conditioning is broken, it's like a sauna in there.
Equipment is old and dangerous.
Yoga studio is noisy and the teacher kept checking the clock.
Cinema floor was sticky and the sound kept cutting out.
Museum was closed for renovation and the website didn't say.
Theme park queues were three hours long. Total waste of money.
Concert venue was overcrowded and the sound was terrible.
Bowling lanes kept malfunctioning.
Escape room was broken, clues didn't work.
Golf course was overgrown and overpriced.
Zoo enclosures looked tiny and the animals seemed stressed. Sad visit.
Swimming lessons were chaotic with too many kids per teacher.
Personal trainer pushed me too hard and I got injured.
Staff never clean the equipment. Gross.
The park was littered and the toilets were locked.
Spa massage was rushed and the room was freezing.
Sales rep pressured me into a two-year contract.
I wanted to love this gym, but it's just too dirty.
Total waste of money.
Do not buy this.
Absolutely terrible experience.
Very disappointed, would not recommend.
Broke after one use. Junk.
worst purchase ive made all year
Not good, not worth it, not again.
Cheaply made and overpriced.
Terrible quality, returning it tomorrow.
dissapointed, doesnt work as described
Zero stars if I could.
Complete rip-off, avoid at all costs.
Never again, what a mess.
Save your money and look elsewhere.
Poor quality and awful customer service.
"""


def parse(block):
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


def main():
    pos, neg = parse(POSITIVE), parse(NEGATIVE)
    assert len(pos) == len(neg), (len(pos), len(neg))
    assert len(set(pos + neg)) == len(pos) + len(neg), "duplicate review text"

    rng = random.Random(SEED)
    n_test = round(len(pos) * TEST_FRACTION)
    train, test = [], []
    for label, texts in (("positive", pos), ("negative", neg)):
        texts = list(texts)
        rng.shuffle(texts)
        test += [(t, label) for t in texts[:n_test]]
        train += [(t, label) for t in texts[n_test:]]
    rng.shuffle(train)
    rng.shuffle(test)

    out_dir = Path(__file__).resolve().parent
    for name, rows in (("train.csv", train), ("test.csv", test)):
        with open(out_dir / name, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["text", "label"])
            writer.writerows(rows)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
