// The schema building blocks live with the wire contract; the server's code keeps importing them from here.
export * from '../shared/api/common.js';
