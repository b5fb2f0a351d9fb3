// Version 11: webhook subscriptions and their outbox. A delivery is written in the same
// transaction as the alert event it carries and claimed by one API process at a time.
CREATE CONSTRAINT subscription_id IF NOT EXISTS FOR (s:Subscription) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT delivery_id IF NOT EXISTS FOR (d:Delivery) REQUIRE d.id IS UNIQUE;
CREATE INDEX delivery_due IF NOT EXISTS FOR (d:Delivery) ON (d.state, d.next_at);
CREATE INDEX delivery_subscription IF NOT EXISTS FOR (d:Delivery) ON (d.subscription, d.state);
