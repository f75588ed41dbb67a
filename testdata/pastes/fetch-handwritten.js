// save the form
const res = await fetch('http://localhost:8080/api/todos', {
  method: 'PUT',
  headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  body: JSON.stringify({ title, done: false }),
  credentials: 'include',
});
