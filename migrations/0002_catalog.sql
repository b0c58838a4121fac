-- Categories form a tree; an auction may override the category's increment table.
create table categories (
  id          text primary key,
  name        text not null,
  parent_id   text references categories (id),
  increments  jsonb,
  sort_order  int not null default 0
);
create index categories_parent_idx on categories (parent_id);
