document.querySelector('#app').innerHTML = '<h1>Hello from the landing page</h1>';
